using System.Diagnostics;
using System.Globalization;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Experiments.Results;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Runs one fault experiment on a running stack through its orchestrator: steady load, the fault
/// timeline, rollbacks, then the analysis (availability, error budget, MTTR, detection, alerts,
/// restarts, log lines).
/// </summary>
public sealed class ResilienceRunner(IStackDriver stack, Action<string> log) : IDisposable
{
    private readonly HttpClient _prometheusHttp = Client(stack.Prometheus);
    private readonly HttpClient _alertmanagerHttp = Client(stack.Alertmanager);

    public void Dispose()
    {
        _prometheusHttp.Dispose();
        _alertmanagerHttp.Dispose();
    }

    /// <summary>
    /// For an alert that fires only once the process is back: the time it is held down (when the
    /// definition says) plus this for the restart itself, or this alone.
    /// </summary>
    private static readonly TimeSpan RestartAllowance = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Alerts whose condition appears only when the faulty process is back (ReplicaRestarted sees the
    /// counter reset of the new process): their detection bound starts after the fault period.
    /// </summary>
    private static readonly HashSet<string> FiresOnReturn = new(StringComparer.Ordinal) { "ReplicaRestarted" };

    public async Task<ResilienceResult> RunAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var timeline = ScheduledAction.Timeline(definition);
        if (timeline.Select(a => stack.WhyNot(a.Action.Kind)).FirstOrDefault(w => w is not null) is { } why)
        {
            log($"{definition.Name}: skipped ({why})");
            return Skipped(definition, why);
        }

        var prometheus = new PrometheusClient(_prometheusHttp);
        await StackReadiness.EnsureReplicasAsync(stack, prometheus, definition.ReplicaSet, definition.Replicas, log, cancellationToken);
        var settings = await AlertPipelineSettings.ReadAsync(_prometheusHttp, _alertmanagerHttp, definition.ReplicaSet, cancellationToken);
        var window = definition.ExpectedAlerts.Select(settings.WindowOf).DefaultIfEmpty(TimeSpan.Zero).Max();
        await StackReadiness.EnsureFullWindowsAsync(prometheus, definition.ReplicaSet, window, settings.ServiceScrapeInterval, m => log($"{definition.Name}: {m}"), cancellationToken);
        var watcher = new AlertWatcher(prometheus, TimeProvider.System, settings.ForOf);
        // Only an earlier alert of an expected name can interfere, and only as long as its resolving needs.
        var quietFrom = DateTimeOffset.UtcNow;
        var stillActive = await watcher.WaitForQuietAsync(definition.ExpectedAlerts, settings.ResolveWithin, cancellationToken);
        var waited = DateTimeOffset.UtcNow - quietFrom;
        if (stillActive.Count > 0)
        {
            log($"{definition.Name}: still active after {waited.TotalSeconds:0} s (their resolve time), left out of this experiment's alerts: {string.Join(", ", stillActive)}");
        }
        else if (waited >= TimeSpan.FromSeconds(1))
        {
            log($"{definition.Name}: waited {waited.TotalSeconds:0} s for earlier alerts of an expected name to resolve");
        }
        await watcher.SnapshotBaselineAsync(cancellationToken);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchTask = watcher.RunAsync(TimeSpan.FromSeconds(1), watching.Token);

        using var clients = new MethodSplitLoad();
        var origin = DateTimeOffset.UtcNow;
        var originTimestamp = Stopwatch.GetTimestamp();
        log($"{definition.Name}: {LoadText.Describe(definition.Load)} through nginx, {definition.Replicas} replicas of {definition.ReplicaSet}");
        var load = clients.StartAsync(definition.Name, definition.Load, stack.Entry, originTimestamp, cancellationToken);

        var executed = new List<(ScheduledAction Action, DateTimeOffset At, DateTimeOffset Done, string Detail)>();
        try
        {
            foreach (var action in timeline)
            {
                var due = origin + TimeSpan.FromSeconds(action.At);
                var wait = due - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                var at = DateTimeOffset.UtcNow;
                var detail = await stack.ExecuteAsync(action.Action, cancellationToken);
                executed.Add((action, at, DateTimeOffset.UtcNow, detail));
                log($"{definition.Name}: +{(at - origin).TotalSeconds:0.0} s {action.Action.Action} {action.Action.Target}: {detail}");
            }
            await load;
            await WaitForExpectedAlertsAsync(definition, settings, executed.FirstOrDefault().At, cancellationToken);
        }
        finally
        {
            await RollbackAsync(definition);
            await watching.CancelAsync();
            await IgnoreCancellation(watchTask);
            await IgnoreCancellation(load);
        }

        return await AnalyzeAsync(definition, settings, prometheus, watcher, clients, origin, executed.Where(e => !e.Action.IsAutomaticUndo)
            .Select(e => (e.Action.Action, e.At, e.Done, e.Detail)).ToArray(), cancellationToken);
    }

    private async Task<ResilienceResult> AnalyzeAsync(
        ExperimentDefinition definition, AlertPipelineSettings settings, PrometheusClient prometheus, AlertWatcher watcher,
        MethodSplitLoad clients, DateTimeOffset origin,
        (FaultAction Action, DateTimeOffset At, DateTimeOffset Done, string Detail)[] faults, CancellationToken cancellationToken)
    {
        var recorder = clients.All;
        var client = recorder.Snapshot().Where(s => s.Second < definition.Load.TotalSeconds).ToArray();
        var hypothesis = definition.ToHypothesis();
        var first = faults.Length > 0 ? faults[0] : default;
        var faultStart = first.Action is null ? 0 : (first.At - origin).TotalSeconds;
        var restarts = await stack.RestartsAsync(origin, cancellationToken);
        var faultEnd = first.Action is null ? faultStart : FaultEnd(first, restarts, origin);

        var duringFrom = (int)Math.Floor(faultStart);
        var duringTo = Math.Max(duringFrom + 1, (int)Math.Ceiling(faultEnd));
        var availabilityDuring = Availability.Over(client, duringFrom, duringTo);
        var p99During = recorder.P99Ms(duringFrom, duringTo);
        var recovery = Recovery.Measure(client, duringFrom, hypothesis, definition.Hypothesis.StableSeconds, definition.Load.TotalSeconds);

        var faultStartTime = origin + TimeSpan.FromSeconds(faultStart);
        var firings = watcher.Firings;
        // The whole run's notifications: whether an alert joins an existing Alertmanager group depends on earlier ones.
        var allNotifications = await stack.NotificationsAsync(cancellationToken);
        var notifications = allNotifications.Where(n => n.ReceivedAt >= origin).ToArray();
        var downtime = first.Action is null ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(0, faultEnd - faultStart));
        var detection = definition.ExpectedAlerts
            .Select(name => Detection.Measure(name, faultStartTime,
                settings.BoundFor(name, settings.GroupMayExist(name, faultStartTime, allNotifications))
                    .WithOnset(FiresOnReturn.Contains(name) ? downtime : TimeSpan.Zero),
                firings, notifications))
            .ToArray();
        var (missing, unexpected) = Detection.Compare(definition.ExpectedAlerts, firings, faultStartTime);

        var violations = new List<string>();
        if (availabilityDuring is { } a && a < hypothesis.MinAvailability)
        {
            violations.Add(string.Create(CultureInfo.InvariantCulture, $"availability during the fault was {a * 100:0.###} %, below {hypothesis.MinAvailability * 100:0.###} %"));
        }
        if (p99During is { } p99 && p99 > hypothesis.MaxP99Ms)
        {
            violations.Add(string.Create(CultureInfo.InvariantCulture, $"p99 during the fault was {p99:0} ms, above {hypothesis.MaxP99Ms:0} ms"));
        }
        if (recovery.Impacted && recovery.MttrSeconds is null)
        {
            violations.Add("the steady state did not come back before the end of the run");
        }
        var byMethod = clients.ByMethod.ToDictionary(m => m.Key,
            m => Availability.Count(m.Value.Snapshot(), duringFrom, duringTo), StringComparer.Ordinal);
        foreach (var (method, min) in definition.Hypothesis.MinAvailabilityByMethod.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (byMethod.GetValueOrDefault(method)?.Availability is { } am && am < min)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture, $"{method} availability during the fault was {am * 100:0.###} %, below {min * 100:0.###} %"));
            }
        }
        // The replicas' own counts from the last scrape before the fault to the first one after it.
        var server = await ServerErrorQuery.BetweenAsync(prometheus, definition.ReplicaSet, origin + TimeSpan.FromSeconds(duringFrom),
            Min(origin + TimeSpan.FromSeconds(duringTo) + settings.ServiceScrapeInterval, DateTimeOffset.UtcNow), cancellationToken);
        var errorRates = ErrorRateComparison.Compare(duringFrom, duringTo, byMethod, server);

        // Detected means notified within the bound: fired-but-never-notified fails as much as never fired.
        violations.AddRange(Detection.Violations(detection));

        var end = origin + TimeSpan.FromSeconds(definition.Load.TotalSeconds + 5);
        var step = TimeSpan.FromSeconds(2);
        // Empty for a service without these gauges: the report leaves their charts out.
        var cpu = await TryQueryAsync(() => prometheus.QueryRangeAsync(
            ProcessMetrics.CpuRatio(definition.ReplicaSet), origin, end, step, origin, "instance", null, cancellationToken));
        var memory = await TryQueryAsync(() => prometheus.QueryRangeAsync(
            ProcessMetrics.MemoryBytes(definition.ReplicaSet), origin, end, step, origin, "instance", b => b / 1048576.0, cancellationToken));

        var marks = firings.Select(f => new AlertMark(f.AlertName, (f.FiringAt - origin).TotalSeconds, "firing"))
            .Concat(notifications.Where(n => n.Status == "firing").GroupBy(n => n.AlertName)
                .Select(g => new AlertMark(g.Key, (g.Min(n => n.ReceivedAt) - origin).TotalSeconds, "notified")))
            .ToArray();

        var logLines = faults.Select(f => $"+{(f.At - origin).TotalSeconds:0.0} s experiment: {f.Action.Action} {f.Action.Target}: {f.Detail}")
            .Concat(restarts.Select(r => $"+{(r.ExitedAt - origin).TotalSeconds:0.0} s orchestrator: {r.Resource} {r.Reason}, ready {(r.ReadyAt is { } ready ? $"at +{(ready - origin).TotalSeconds:0.0} s" : "never")}"))
            .Concat(stack.LoadBalancerLog(origin, end, max: 8))
            .ToArray();

        return new ResilienceResult
        {
            Name = definition.Name,
            Title = definition.Title,
            Fault = first.Action is null ? "none" : ExperimentActions.Describe(first.Action),
            Target = first.Action?.Target,
            Hypothesis = hypothesis,
            FaultStartSecond = faultStart,
            FaultEndSecond = faultEnd,
            DurationSeconds = definition.Load.TotalSeconds,
            AvailabilityDuringFault = availabilityDuring,
            P99DuringFaultMs = p99During,
            AvailabilityOverall = Availability.Over(client, 0, definition.Load.TotalSeconds),
            ErrorBudgetSpent = Availability.ErrorBudgetSpent(client, 0, definition.Load.TotalSeconds, definition.Hypothesis.Slo),
            SloTarget = definition.Hypothesis.Slo,
            Recovery = recovery,
            ErrorRates = errorRates,
            MinAvailabilityByMethod = definition.Hypothesis.MinAvailabilityByMethod,
            Detection = detection,
            AlertsExpected = definition.ExpectedAlerts,
            AlertsFired = firings.Where(f => f.FiringAt >= faultStartTime).Select(f => f.AlertName).Distinct().ToArray(),
            AlertsMissing = missing,
            AlertsUnexpected = unexpected,
            Restarts = restarts.Select(r => new RestartRecord(r.Resource, (r.ExitedAt - origin).TotalSeconds,
                $"exit code {r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}; ready after {(r.ReadyAt is { } ready ? (ready - r.ExitedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "never")} s")).ToArray(),
            LogLines = logLines,
            Timeline = new ExperimentTimeline { Client = client, CpuByInstance = cpu, MemoryMbByInstance = memory, Alerts = marks },
            Violations = violations,
        };
    }

    /// <summary>
    /// End of the fault period: the end of a lasting fault, or for an instant one (kill, crash, a
    /// restart) the moment the process was ready again.
    /// </summary>
    private static double FaultEnd((FaultAction Action, DateTimeOffset At, DateTimeOffset Done, string Detail) fault,
        IReadOnlyList<ObservedRestart> restarts, DateTimeOffset origin)
    {
        var start = (fault.At - origin).TotalSeconds;
        if (ExperimentActions.FaultEnd(fault.Action) is { } end)
        {
            return end;
        }
        if (ExperimentActions.IsInfrastructureRestart(fault.Action.Kind))
        {
            return Math.Max(start + 1, (fault.Done - origin).TotalSeconds);
        }
        var resource = ExperimentActions.AffectedResource(fault.Action);
        var ready = restarts.Where(r => r.Resource == resource && r.ExitedAt >= fault.At.AddSeconds(-1) && r.ReadyAt is not null)
            .Select(r => r.ReadyAt!.Value).Order().FirstOrDefault();
        return ready == default ? start + 10 : Math.Max(start + 1, (ready - origin).TotalSeconds);
    }

    private async Task WaitForExpectedAlertsAsync(ExperimentDefinition definition, AlertPipelineSettings settings,
        DateTimeOffset faultStart, CancellationToken cancellationToken)
    {
        if (faultStart == default || definition.ExpectedAlerts.Count == 0)
        {
            return;
        }
        // As long as physics allows the slowest expected alert (its upper bound + tolerance after the fault,
        // plus the fault period for one that fires when the process is back), no longer.
        var first = definition.Method.FirstOrDefault();
        var period = (first?.KeepDownSeconds ?? first?.DurationSeconds ?? 0) + RestartAllowance.TotalSeconds;
        var slowest = definition.ExpectedAlerts.Max(a => settings.BoundFor(a).UpperSeconds + (FiresOnReturn.Contains(a) ? period : 0));
        var deadline = faultStart + TimeSpan.FromSeconds(slowest) + Detection.Tolerance;
        // Checked at least once: when the load outlasts the deadline, the notifications may all be in already.
        while (true)
        {
            var notified = (await stack.NotificationsAsync(cancellationToken)).Where(n => n.ReceivedAt >= faultStart && n.Status == "firing")
                .Select(n => n.AlertName).ToHashSet(StringComparer.Ordinal);
            if (definition.ExpectedAlerts.All(notified.Contains))
            {
                return;
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        log($"{definition.Name}: not every expected alert ({string.Join(", ", definition.ExpectedAlerts)}) was notified by the slowest one's upper bound + tolerance ({slowest:0} s + {Detection.Tolerance.TotalSeconds:0} s after the fault)");
    }

    /// <summary>Rollbacks run whatever happened before, and a failing one does not hide the others.</summary>
    private async Task RollbackAsync(ExperimentDefinition definition)
    {
        foreach (var rollback in definition.Rollbacks)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                var detail = await stack.ExecuteAsync(rollback, timeout.Token);
                log($"{definition.Name}: rollback {rollback.Action} {rollback.Target}: {detail}");
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or OperationCanceledException)
            {
                log($"{definition.Name}: rollback {rollback.Action} {rollback.Target} failed: {ex.Message}");
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static ResilienceResult Skipped(ExperimentDefinition definition, string why) => new()
    {
        Name = definition.Name,
        Title = definition.Title,
        Fault = definition.Method.FirstOrDefault()?.Action ?? "none",
        Target = definition.Method.FirstOrDefault()?.Target,
        Hypothesis = definition.ToHypothesis(),
        FaultStartSecond = 0,
        FaultEndSecond = 0,
        DurationSeconds = 0,
        Recovery = new RecoveryResult(false, null, null, "not run: " + why),
        Timeline = new ExperimentTimeline { Client = [] },
        Skipped = why,
    };

    private async Task<IReadOnlyList<NamedSeries>> TryQueryAsync(Func<Task<IReadOnlyList<NamedSeries>>> query)
    {
        try
        {
            return await query();
        }
        catch (HttpRequestException ex)
        {
            log($"Prometheus query failed: {ex.Message}");
            return [];
        }
    }

    private static HttpClient Client(Uri baseUrl) => new(new SocketsHttpHandler(), disposeHandler: true)
    {
        BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
