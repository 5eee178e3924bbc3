using System.Globalization;
using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using MonitoringStack.Hosting;

namespace MonitoringStack.AppHost;

/// <summary>
/// Everything the composition decides before it adds a resource, read once from configuration
/// (appsettings.json, user secrets, environment <c>Stack__*</c>, command line <c>--Stack:...</c>).
/// </summary>
public sealed record StackSettings
{
    public const string ReplicasParameter = "replicas";
    public const string InfrastructureKey = "Stack:InfrastructureAs";
    public const string StateDirectoryKey = "Stack:StateDirectory";
    public const string ContainerHostNameKey = "Stack:ContainerHostName";
    public const string ApiListenAnyAddressKey = "Stack:ApiListenAnyAddress";
    /// <summary>How the API replicas run: <c>native</c> (the Native AOT binary the AppHost's build publishes) or <c>assembly</c> (<c>dotnet MonitoringStack.Api.dll</c>).</summary>
    public const string ReplicaBuildKey = "Stack:ReplicaBuild";
    /// <summary>Wipes Prometheus' and Alertmanager's data before starting (executables mode keeps it in the state folder).</summary>
    public const string FreshDataKey = "Stack:FreshData";
    /// <summary>Another topology file (tests use one with free ports); config/topology.json by default.</summary>
    public const string TopologyFileKey = "Stack:TopologyFile";
    public const string ExperimentsOutKey = "Experiments:Out";

    public required StackTopology Topology { get; init; }
    public required string RepositoryRoot { get; init; }

    /// <summary>Rendered configs and executables' data live here (git-ignored).</summary>
    public required string StateDirectory { get; init; }

    public required InfrastructureChoice Infrastructure { get; init; }
    public MonitoringRuntime InfrastructureAs => Infrastructure.Kind;

    /// <summary>Restarts, faults, scaling and alert notifications, one JSON line per event.</summary>
    public string JournalDirectory => Path.Combine(StateDirectory, "journal");

    public bool FreshData { get; init; }

    /// <summary>Where experiment runs write results.json and the reports (<c>Experiments:Out</c>; artifacts/experiments by default).</summary>
    public required string ExperimentsOutput { get; init; }

    /// <summary>Resources that start with the stack and report health (what "the stack is up" waits for).</summary>
    public IEnumerable<string> InitialResources =>
        Topology.ApiReplicas.Select(r => r.Name).Concat(
            [StackEndpoints.AlertmanagerResource, StackEndpoints.PrometheusResource, StackEndpoints.NginxResource, StackEndpoints.WebhookReceiverResource]);

    /// <summary>How containers reach host processes (API replicas, load generator): Docker's name by default, Podman's is host.containers.internal.</summary>
    public string ContainerHostName { get; init; } = "host.docker.internal";

    /// <summary>
    /// Bind the API replicas to every interface instead of localhost. Docker Desktop forwards
    /// host.docker.internal to the host's loopback; Docker Engine and Podman on Linux reach the host
    /// through a bridge address, where a localhost-only listener cannot be seen.
    /// </summary>
    public bool ApiListenAnyAddress { get; init; }

    public bool IsPublishMode { get; init; }

    /// <summary>What the replicas run (<see cref="ReplicaBuildKey"/>): the API's Native AOT binary by default where the build publishes one.</summary>
    public ReplicaBuild ReplicaBuild { get; init; } = ReplicaBuild.Assembly;

    /// <summary>config/autoscaling.json with the <c>Stack:Autoscaling:*</c> settings over it, checked (by <see cref="Load"/>; the default is off).</summary>
    public AutoscalingPolicy Autoscaling { get; init; } = new();

    /// <summary>
    /// What the hosting package is told: run as decided, keep state and journal in the stack's folders, tag
    /// every process with the stack's marker (so a start after a crash recognises leftovers), and the programs found.
    /// </summary>
    public void Configure(MonitoringOptions options, HostBinaries? binaries)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RunAs = InfrastructureAs;
        options.RunAsReason = Infrastructure.Reason;
        options.StateDirectory = StateDirectory;
        options.JournalDirectory = JournalDirectory;
        options.FreshData = FreshData;
        options.ContainerHostName = ContainerHostName;
        options.ListenAnyAddress = ApiListenAnyAddress;
        options.ProcessEnvironment[Supervision.Leftovers.MarkerVariable] = Supervision.Leftovers.StackId(StateDirectory);
        binaries?.ApplyTo(options);
    }

    /// <summary>Checks every setting (<see cref="StackSettingsCheck"/>) and reads them; nothing is started.</summary>
    /// <exception cref="StackInputException">An unknown setting or a bad value, named.</exception>
    public static StackSettings Load(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        StackSettingsCheck.Validate(configuration);
        var root = StackTopology.FindRepositoryRoot(builder.AppHostDirectory);
        var topologyFile = configuration[TopologyFileKey] ?? Path.Combine(root, "config", "topology.json");
        StackTopology topology;
        try
        {
            topology = StackTopology.Load(topologyFile);
        }
        catch (TopologyException ex)
        {
            throw new StackInputException(ex.Message.Contains(topologyFile, StringComparison.Ordinal) ? ex.Message : $"{topologyFile}: {ex.Message}", ex);
        }

        // The replica count is a parameter (it shows in the dashboard and the manifest), but the number of
        // api-N resources must be known while the model is built, so its value is read here, synchronously.
        var replicasText = configuration[$"Parameters:{ReplicasParameter}"];
        if (!string.IsNullOrWhiteSpace(replicasText))
        {
            var replicas = int.Parse(replicasText, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (replicas < 1 || replicas > topology.MaxReplicas)
            {
                throw new StackInputException(
                    $"Parameters:{ReplicasParameter} must be between 1 and maxReplicas of {topologyFile} ({topology.MaxReplicas}), got {replicasText}");
            }
            topology = (topology with { Replicas = replicas }).Validate();
        }

        return new StackSettings
        {
            Topology = topology,
            Autoscaling = AutoscalingSettings.Load(configuration, root, topology.MaxReplicas),
            RepositoryRoot = root,
            StateDirectory = Path.GetFullPath(configuration[StateDirectoryKey] ?? Path.Combine(root, ".state", "aspire")),
            Infrastructure = InfrastructureChoice.Decide(configuration[InfrastructureKey], builder.ExecutionContext.IsPublishMode),
            FreshData = configuration.GetValue(FreshDataKey, false),
            ExperimentsOutput = Path.GetFullPath(configuration[ExperimentsOutKey] ?? Path.Combine(root, "artifacts", "experiments")),
            ContainerHostName = configuration[ContainerHostNameKey] ?? "host.docker.internal",
            ApiListenAnyAddress = configuration.GetValue(ApiListenAnyAddressKey, false),
            ReplicaBuild = configuration[ReplicaBuildKey] is { } build ? Enum.Parse<ReplicaBuild>(build, ignoreCase: true)
                : ApiNativeExecutable.Path is null ? ReplicaBuild.Assembly : ReplicaBuild.Native,
            IsPublishMode = builder.ExecutionContext.IsPublishMode,
        };
    }
}
