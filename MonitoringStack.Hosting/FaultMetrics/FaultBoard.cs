using System.Globalization;
using System.Text;

namespace MonitoringStack.Hosting;

/// <summary>
/// Which faults the orchestrator has in force and which experiment runs, as Prometheus gauges:
/// <c>monitoringstack_fault_active{experiment,fault,target}</c> and <c>monitoringstack_experiment_running{experiment}</c>,
/// 1 while in force, 0 after (a series that stays at 0 closes the window on a dashboard instead of leaving a gap).
/// The commands that inject a fault report its start and end here (kill until the replica answers again, pause
/// until resume, partition until heal, a crash until the replica is back, a restart of Prometheus or Alertmanager
/// until it is ready, an API switch for its duration or until reset); the experiment runner reports experiments.
/// <para>
/// A window shorter than a scrape would never be seen, and Prometheus cannot scrape during its own restart: so a
/// fault or experiment that has ended stays at 1 until one exposition has shown it at 1.
/// </para>
/// </summary>
public sealed class FaultBoard(TimeProvider? time = null)
{
    public const string FaultMetric = "monitoringstack_fault_active";
    public const string ExperimentMetric = "monitoringstack_experiment_running";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    // Insertion order is exposition order: stable output, oldest window first.
    private readonly List<Window> _faults = [];
    private readonly List<Window> _experiments = [];
    private string? _experiment;

    /// <summary>The experiment running now, or null.</summary>
    public string? Experiment
    {
        get
        {
            lock (_gate)
            {
                return _experiment;
            }
        }
    }

    /// <summary>
    /// <paramref name="fault"/> is in force on <paramref name="target"/> from now, tagged with the running experiment;
    /// for <paramref name="lasting"/> when it ends by itself (an API switch's duration), else until <see cref="Ended"/>.
    /// Starting it again while it is in force moves its end.
    /// </summary>
    public void Started(string fault, string target, TimeSpan? lasting = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fault);
        ArgumentException.ThrowIfNullOrEmpty(target);
        lock (_gate)
        {
            var until = lasting is { } d ? _time.GetUtcNow() + d : (DateTimeOffset?)null;
            if (ActiveFault(fault, target) is { } running)
            {
                running.Until = until;
                return;
            }
            var labels = new Labels(_experiment ?? "", fault, target);
            var window = _faults.Find(w => w.Labels == labels);
            if (window is null)
            {
                window = new Window(labels);
                _faults.Add(window);
            }
            window.Start(until);
        }
    }

    /// <summary><paramref name="fault"/> on <paramref name="target"/> is over (nothing happens when it was not in force).</summary>
    public void Ended(string fault, string target)
    {
        lock (_gate)
        {
            ActiveFault(fault, target)?.End();
        }
    }

    /// <summary>True while <paramref name="fault"/> is in force on <paramref name="target"/>.</summary>
    public bool IsActive(string fault, string target)
    {
        lock (_gate)
        {
            return ActiveFault(fault, target) is not null;
        }
    }

    /// <summary>Marks <paramref name="experiment"/> as running (and the faults injected from now as its) until <see cref="ExperimentEnded"/>.</summary>
    public void ExperimentStarted(string experiment)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        lock (_gate)
        {
            EndExperiment();
            _experiment = experiment;
            var labels = new Labels(experiment, "", "");
            var window = _experiments.Find(w => w.Labels == labels);
            if (window is null)
            {
                window = new Window(labels);
                _experiments.Add(window);
            }
            window.Start(until: null);
        }
    }

    /// <summary>The experiment is over (nothing happens when another one runs now).</summary>
    public void ExperimentEnded(string experiment)
    {
        lock (_gate)
        {
            if (_experiment == experiment)
            {
                EndExperiment();
            }
        }
    }

    /// <summary>Prometheus' text exposition format (version 0.0.4) of both gauges; counts as the scrape that has seen every window at 1.</summary>
    public string Exposition()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            text.Append("# HELP ").Append(FaultMetric).Append(" 1 while a fault the orchestrator injected is in force on the target (kill, pause, partition, crash, restart, API switches), else 0.\n");
            text.Append("# TYPE ").Append(FaultMetric).Append(" gauge\n");
            foreach (var window in _faults)
            {
                Sample(text, FaultMetric, [("experiment", window.Labels.Experiment), ("fault", window.Labels.Fault), ("target", window.Labels.Target)], window.Show(now));
            }
            text.Append("# HELP ").Append(ExperimentMetric).Append(" 1 while the experiment runs, else 0.\n");
            text.Append("# TYPE ").Append(ExperimentMetric).Append(" gauge\n");
            foreach (var window in _experiments)
            {
                Sample(text, ExperimentMetric, [("experiment", window.Labels.Experiment)], window.Show(now));
            }
        }
        return text.ToString();
    }

    private Window? ActiveFault(string fault, string target) =>
        _faults.Find(w => w.Labels.Fault == fault && w.Labels.Target == target && w.InForce(_time.GetUtcNow()));

    private void EndExperiment()
    {
        if (_experiment is { } running)
        {
            _experiments.Find(w => w.Labels.Experiment == running)?.End();
            _experiment = null;
        }
    }

    private static void Sample(StringBuilder text, string metric, (string Name, string Value)[] labels, int value)
    {
        text.Append(metric).Append('{');
        // An empty label is no label in Prometheus (a fault outside any experiment has no experiment label).
        text.AppendJoin(',', labels.Where(l => l.Value.Length > 0).Select(l => $"{l.Name}=\"{Escape(l.Value)}\""));
        text.Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private readonly record struct Labels(string Experiment, string Fault, string Target);

    /// <summary>One series: in force from a start until an end (or a time), and whether an exposition has shown it at 1 since it started.</summary>
    private sealed class Window(Labels labels)
    {
        private bool _open;
        private bool _shown;

        public Labels Labels { get; } = labels;

        public DateTimeOffset? Until { get; set; }

        public void Start(DateTimeOffset? until)
        {
            _open = true;
            _shown = false;
            Until = until;
        }

        public void End() => _open = false;

        public bool InForce(DateTimeOffset now) => _open && (Until is not { } until || now < until);

        public int Show(DateTimeOffset now)
        {
            // Ended before any exposition showed it: once at 1, so the scrape after it still records the window.
            var value = InForce(now) || !_shown ? 1 : 0;
            _shown |= value == 1;
            return value;
        }
    }
}
