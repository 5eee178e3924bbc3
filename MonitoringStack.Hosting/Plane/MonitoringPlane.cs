using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MonitoringStack.Hosting;

/// <summary>
/// What every component of one AppHost shares: the options, the runtime (decided once, at the first
/// <c>AddXxx</c>), the state folder and the services behind replicas and faults (registered once).
/// </summary>
internal sealed class MonitoringPlane
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, MonitoringPlane> Planes = new();

    private readonly IDistributedApplicationBuilder _builder;
    private (MonitoringRuntime Runtime, string Reason)? _runtime;
    private bool _servicesAdded;
    private string? _runAsProblem;

    private MonitoringPlane(IDistributedApplicationBuilder builder) => _builder = builder;

    public static MonitoringPlane Of(IDistributedApplicationBuilder builder) => Planes.GetValue(builder, b => new MonitoringPlane(b));

    public MonitoringOptions Options { get; } = new();

    public bool IsPublishMode => _builder.ExecutionContext.IsPublishMode;

    public bool RuntimeDecided => _runtime is not null;

    public MonitoringRuntime Runtime => Decide().Runtime;

    public string RuntimeReason => Decide().Reason;

    /// <summary>
    /// Set when <c>Monitoring:RunAs</c> holds a value the package does not know: every component then stays
    /// not started with this line (no guess at what was meant), and the rest of the application runs.
    /// </summary>
    public string? RunAsProblem
    {
        get
        {
            Decide();
            return _runAsProblem;
        }
    }

    public string StateDirectory
    {
        get
        {
            var configured = Options.StateDirectory ?? _builder.Configuration[MonitoringOptions.StateDirectoryKey] ?? ".monitoring";
            return Path.GetFullPath(configured, _builder.AppHostDirectory);
        }
    }

    public string JournalDirectory => Options.JournalDirectory ?? Path.Combine(StateDirectory, "journal");

    /// <summary>Short and stable per state folder: tags this AppHost's iptables rules so two checkouts never touch each other's.</summary>
    public string InstanceId => MonitoringOptions.InstanceIdOf(StateDirectory);

    /// <summary>A component's own folder: its rendered configuration and, as an executable, its data.</summary>
    public string ComponentDirectory(string resourceName) => Path.Combine(StateDirectory, resourceName);

    public string? FindProgram(HostProgram program) =>
        Options.ProgramPaths.TryGetValue(program.Key, out var path)
            ? (File.Exists(path) ? Path.GetFullPath(path) : null)
            : program.Find(_builder.Configuration);

    /// <summary>The services replicas, faults, the receiver and the fault metrics need, once per AppHost.</summary>
    public void AddServices()
    {
        if (_servicesAdded)
        {
            return;
        }
        _servicesAdded = true;
        var services = _builder.Services;
        services.AddHttpClient();
        services.TryAddSingleton(new MonitoringJournal(JournalDirectory));
        services.TryAddSingleton(new NetworkPartition(InstanceId));
        AddHosted<ResourceSnapshots>(services);
        AddHosted<ReplicaSupervisor>(services);
        services.TryAddSingleton<ReplicaScaler>();
        services.TryAddSingleton(new FaultBoard());
        AddHosted<InProcessServers>(services);
        services.TryAddEventingSubscriber<NotStartedComponents>();
    }

    // One instance that is both a hosted service and injectable (commands use it).
    private static void AddHosted<T>(IServiceCollection services) where T : class, IHostedService
    {
        services.TryAddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }

    private (MonitoringRuntime Runtime, string Reason) Decide()
    {
        if (_runtime is { } decided)
        {
            return decided;
        }
        _runtime = DecideNow();
        return _runtime.Value;
    }

    private (MonitoringRuntime, string) DecideNow()
    {
        if (Options.RunAs is { } chosen)
        {
            return (chosen, Options.RunAsReason ?? $"set by ConfigureMonitoring: {chosen}");
        }
        var configured = _builder.Configuration[MonitoringOptions.RunAsKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (MonitoringOptions.TryParseRuntime(configured, out var runtime))
            {
                return (runtime, $"{MonitoringOptions.RunAsKey}={configured}");
            }
            _runAsProblem = $"{MonitoringOptions.RunAsKey} must be 'container' or 'executable', got '{configured}'; fix the setting (appsettings.json, --{MonitoringOptions.RunAsKey}=…) or remove it to let the package probe for a container runtime";
            return (MonitoringRuntime.Executable, _runAsProblem);
        }
        if (IsPublishMode)
        {
            return (MonitoringRuntime.Container, "publishing describes containers");
        }
        return RuntimeProbe.FirstAnswering() is { } answered
            ? (MonitoringRuntime.Container, $"'{answered} info' answered: a container runtime is available")
            : (MonitoringRuntime.Executable, "no container runtime answered 'docker info' or 'podman info': host executables");
    }
}
