using System.Globalization;
using MonitoringStack.Faults;

namespace MonitoringStack.Experiments.Definitions;

/// <summary>What an experiment step does. The YAML names (<c>kill</c>, <c>chaos-reset</c>, ...) are read only by <see cref="ExperimentActions"/>.</summary>
public enum ActionKind
{
    /// <summary>SIGKILL to the replica's process; the orchestrator restarts it.</summary>
    Kill,
    /// <summary>SIGSTOP: the process holds its port and answers nothing.</summary>
    Pause,
    /// <summary>SIGCONT after a pause.</summary>
    Resume,
    /// <summary>iptables DROP of every packet to and from the replica's port (root only).</summary>
    Partition,
    /// <summary>Removes the partition rules.</summary>
    Heal,
    /// <summary>One of the API's own fault switches (<see cref="FaultAction.Fault"/>, a fault of <see cref="FaultCatalogue"/>) with its body.</summary>
    Chaos,
    /// <summary>Clears the API's fault switches.</summary>
    ChaosReset,
    /// <summary>Restarts Prometheus (its data must survive).</summary>
    RestartPrometheus,
    /// <summary>Restarts Alertmanager (silences and notification log must survive).</summary>
    RestartAlertmanager,
}

/// <summary>The one place an action's name and its meaning meet: parsing, undo, targets, and when a fault ends.</summary>
public static class ExperimentActions
{
    private static readonly Dictionary<string, ActionKind> ByName = new(StringComparer.Ordinal)
    {
        ["kill"] = ActionKind.Kill,
        ["pause"] = ActionKind.Pause,
        ["resume"] = ActionKind.Resume,
        ["partition"] = ActionKind.Partition,
        ["heal"] = ActionKind.Heal,
        ["chaos"] = ActionKind.Chaos,
        ["chaos-reset"] = ActionKind.ChaosReset,
        ["restart-prometheus"] = ActionKind.RestartPrometheus,
        ["restart-alertmanager"] = ActionKind.RestartAlertmanager,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string name, out ActionKind kind) => ByName.TryGetValue(name, out kind);

    public static string NameOf(ActionKind kind) => ByName.First(p => p.Value == kind).Key;

    /// <summary>Actions aimed at one API replica (they need <c>target: api-N</c>).</summary>
    public static bool TargetsReplica(ActionKind kind) => kind is not (ActionKind.RestartPrometheus or ActionKind.RestartAlertmanager);

    /// <summary>The action that ends a lasting fault by itself after its duration (a pause is resumed, a partition healed).</summary>
    public static ActionKind? Undo(ActionKind kind) => kind switch
    {
        ActionKind.Pause => ActionKind.Resume,
        ActionKind.Partition => ActionKind.Heal,
        _ => null,
    };

    /// <summary>Which resource's process the action affects (for restarts that end the fault period).</summary>
    public static string? AffectedResource(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ActionKind.RestartPrometheus => "prometheus",
            ActionKind.RestartAlertmanager => "alertmanager",
            _ => action.Target,
        };
    }

    /// <summary>True for a restart of an infrastructure component (its end is when the restart command returned).</summary>
    public static bool IsInfrastructureRestart(ActionKind kind) => kind is ActionKind.RestartPrometheus or ActionKind.RestartAlertmanager;

    /// <summary>When a lasting fault ends by itself (seconds from the start of the load); null for an instant one (kill, crash, restart).</summary>
    public static double? FaultEnd(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ActionKind.Pause or ActionKind.Partition => action.At + action.DurationSeconds,
            ActionKind.Chaos => action.At + ChaosRequest(action).Duration?.TotalSeconds,
            _ => null,
        };
    }

    /// <summary>A <c>chaos</c> step's fault and body, read by the catalogue (a loaded definition's always are: the loader checked them).</summary>
    /// <exception cref="ExperimentDefinitionException">No such fault.</exception>
    /// <exception cref="FaultRequestException">A body the fault does not take.</exception>
    public static FaultRequest ChaosRequest(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var fault = FaultCatalogue.Find(action.Fault)
            ?? throw new ExperimentDefinitionException($"no fault '{action.Fault}': one of {string.Join(", ", FaultCatalogue.Faults)}");
        return fault.Read(ChaosParameters(action));
    }

    /// <summary>A <c>chaos</c> step's body as the catalogue reads parameters: text by name.</summary>
    public static IReadOnlyDictionary<string, string?> ChaosParameters(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Body.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>How the report names the fault: the action, or the API switch for chaos.</summary>
    public static string Describe(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind == ActionKind.Chaos ? $"chaos {action.Fault}" : action.Action;
    }
}
