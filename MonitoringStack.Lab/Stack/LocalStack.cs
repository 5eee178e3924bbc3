using System.Text.Json;
using MonitoringStack.Lab.Alerts;
using MonitoringStack.Lab.Control;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Lab.Supervision;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Lab.Stack;

/// <summary>
/// The whole stack as supervised host processes: built from the topology and the rendered configs,
/// started in readiness order, scaled live, faulted on request, stopped in order. The experiment
/// runner and the tests use it directly; the <c>up</c> command is a thin shell around it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A software stack, not a Stack<T> collection.")]
public sealed class LocalStack : IAsyncDisposable
{
    private readonly LabOptions _options;
    private readonly StackResources _resources;
    private readonly ProcessRegistry _registry;
    private readonly List<SupervisedProcess> _processes = [];
    private readonly List<ScalingRecord> _scaling = [];
    private readonly List<string> _notes = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _scaleGate = new(1, 1);
    private readonly CancellationTokenSource _shutdownRequested = new();
    private readonly Action<string> _log;
    private string _apiAssembly = "";
    private string? _loadGenAssembly;
    private ControlServer? _control;
    private bool _stopped;

    private LocalStack(LabOptions options, StateFolder state, RunFolder run, RenderedConfig config, string chaosToken, Action<string> log)
    {
        _options = options;
        _log = log;
        Topology = options.Topology;
        State = state;
        Run = run;
        Config = config;
        ChaosToken = chaosToken;
        Restarts = new RestartLog(run.RestartsFile);
        _registry = new ProcessRegistry(state);
        _resources = new StackResources(options.Topology, config, state, run, chaosToken, options);
        Faults = new FaultInjector(state.StackId, Find, PortOf, run.FaultsFile);
    }

    public StackTopology Topology { get; private set; }
    public StateFolder State { get; }
    public RunFolder Run { get; }
    public RenderedConfig Config { get; }
    /// <summary>Token of the API's chaos endpoints for this run (also in &lt;run&gt;/chaos-token).</summary>
    public string ChaosToken { get; }
    public RestartLog Restarts { get; }
    public FaultInjector Faults { get; }
    public AlertWebhookReceiver Alerts { get; private set; } = null!;
    /// <summary>Cancelled when someone asked the stack to stop (control API <c>down</c>).</summary>
    public CancellationToken ShutdownRequested => _shutdownRequested.Token;

    /// <summary>Raised when a resource changes state, is added or removed (from background threads).</summary>
    public event Action<SupervisedProcess>? ResourceChanged;

    public IReadOnlyList<SupervisedProcess> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _processes];
            }
        }
    }

    public IReadOnlyList<SupervisedProcess> ApiReplicas =>
        Resources.Where(p => p.Name.StartsWith("api-", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<ScalingRecord> ScalingHistory
    {
        get
        {
            lock (_gate)
            {
                return [.. _scaling];
            }
        }
    }

    public static string Url(int port, string path = "") => $"http://127.0.0.1:{port}{path}";
    public string PrometheusUrl => Url(Topology.Ports.Prometheus);
    public string AlertmanagerUrl => Url(Topology.Ports.Alertmanager);
    public string NginxUrl => Url(Topology.Ports.Nginx);

    public SupervisedProcess? Find(string name) => Resources.FirstOrDefault(p => p.Name == name);

    public StackStatus GetStatus()
    {
        lock (_gate)
        {
            return new StackStatus(Run.Root, Topology.Replicas, _processes.Select(ResourceStatus.Of).ToArray(), [.. _notes]);
        }
    }

    /// <summary>
    /// Cleans leftovers of a crashed Lab, checks binaries and ports, builds, renders and starts
    /// everything in readiness order. On any failure, whatever was started is stopped again.
    /// </summary>
    public static async Task<LocalStack> StartAsync(LabOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var topology = options.Topology.Validate();
        var state = new StateFolder(options.StateRoot);
        foreach (var line in ProcessRegistry.CleanLeftovers(state))
        {
            log(line);
        }
        if (options.Fresh)
        {
            state.Wipe();
            log($"state folder wiped: {state.Root}");
        }
        var binaries = Binaries.RequireAll(Binaries.Nginx, Binaries.Prometheus, Binaries.Alertmanager, Binaries.NodeExporter, Binaries.NginxExporter);
        PortCheck.EnsureFree(StackPorts(topology, options));

        var run = state.CreateRun();
        var chaosToken = run.WriteChaosToken();
        var config = StackConfigRenderer.Render(topology, options.RepositoryRoot, run.Config, new RenderOptions { Mode = HostingMode.Local, ScrapeLoadGen = options.LoadProfile is not null });
        var stack = new LocalStack(options, state, run, config, chaosToken, log);
        try
        {
            await stack.StartAllAsync(binaries, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.StopAsync();
            throw;
        }
    }

    /// <summary>Every port the stack will listen on, by name (Grafana and the load generator only when they will run).</summary>
    public static IEnumerable<KeyValuePair<string, int>> StackPorts(StackTopology topology, LabOptions options) =>
        topology.AllPorts().Where(p =>
            (p.Key != "grafana" || (options.StartGrafana && Binaries.FindGrafana() is not null))
            && (p.Key != "loadgen" || options.LoadProfile is not null)
            && (p.Key != "lab-control" || options.ServeControl));

    private async Task StartAllAsync(IReadOnlyDictionary<string, string> binaries, CancellationToken cancellationToken)
    {
        _registry.Claim(Topology.Ports.LabControl, Run.Root);
        Alerts = await AlertWebhookReceiver.StartAsync(Topology.Ports.WebhookReceiver, Run.AlertsFile, cancellationToken);
        if (_options.ServeControl)
        {
            _control = await ControlServer.StartAsync(this, Topology.Ports.LabControl, cancellationToken);
        }

        _apiAssembly = await ResolveAssemblyAsync("MonitoringStack.Api", _options.ApiAssembly, cancellationToken)
            ?? throw new LabException("MonitoringStack.Api could not be found");
        if (_options.LoadProfile is not null)
        {
            _loadGenAssembly = await ResolveAssemblyAsync("MonitoringStack.LoadGen", null, cancellationToken);
            if (_loadGenAssembly is null)
            {
                Note("load generator not built: MonitoringStack.LoadGen is not in this checkout, so --load is ignored");
            }
        }

        // Readiness order: the replicas, then nginx in front of them, its exporter, the node exporter,
        // Alertmanager before Prometheus (so the first alerts have somewhere to go), then Grafana and load.
        await StartGroupAsync(Topology.ApiReplicas.Select(r => _resources.Api(r, _apiAssembly)), cancellationToken);
        await StartGroupAsync([_resources.NginxSpec(binaries[Binaries.Nginx])], cancellationToken);
        await StartGroupAsync(
            [_resources.NginxExporterSpec(binaries[Binaries.NginxExporter]), _resources.NodeExporterSpec(binaries[Binaries.NodeExporter])],
            cancellationToken);
        await StartGroupAsync([_resources.AlertmanagerSpec(binaries[Binaries.Alertmanager])], cancellationToken);
        await StartGroupAsync([_resources.PrometheusSpec(binaries[Binaries.Prometheus])], cancellationToken);
        if (_options.StartGrafana)
        {
            if (Binaries.FindGrafana() is { } grafana)
            {
                await StartGroupAsync([_resources.GrafanaSpec(grafana)], cancellationToken);
            }
            else
            {
                Note("Grafana not started: no 'grafana' or 'grafana-server' on PATH. Install it from https://grafana.com/grafana/download " +
                     "(Debian: the apt.grafana.com repository, package 'grafana'), or use the Aspire mode, which runs it as a container.");
            }
        }
        if (_loadGenAssembly is not null && _options.LoadProfile is { } profile)
        {
            await StartGroupAsync([_resources.LoadGenSpec(_loadGenAssembly, profile)], cancellationToken);
        }
    }

    private async Task<string?> ResolveAssemblyAsync(string project, string? explicitPath, CancellationToken cancellationToken)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : throw new LabException($"{project} assembly not found: {explicitPath}");
        }
        if (!File.Exists(Path.Combine(_options.RepositoryRoot, project, project + ".csproj")))
        {
            return null;
        }
        if (_options.Build)
        {
            _log($"building {project} (dotnet build -c {DotnetBuild.Configuration})");
            return await DotnetBuild.BuildAsync(_options.RepositoryRoot, project, Run.LogFile("build"), cancellationToken);
        }
        var built = DotnetBuild.OutputAssembly(_options.RepositoryRoot, project);
        return File.Exists(built) ? built : throw new LabException($"{built} does not exist; run without --no-build once");
    }

    /// <summary>Starts resources in parallel and waits until all are ready; throws naming the ones that were not.</summary>
    private async Task StartGroupAsync(IEnumerable<ProcessSpec> specs, CancellationToken cancellationToken)
    {
        var started = specs.Select(Add).ToArray();
        var ready = await Task.WhenAll(started.Select(p => p.StartAsync().WaitAsync(cancellationToken)));
        var failed = started.Where((_, i) => !ready[i]).ToArray();
        if (failed.Length > 0)
        {
            throw new LabException(string.Join("\n", failed.Select(p =>
                $"{p.Name} did not become ready within {_options.ReadyTimeout.TotalSeconds:0} s (log: {p.Spec.LogFile}):\n  " +
                string.Join("\n  ", Tail(p.Spec.LogFile, 8)))));
        }
    }

    private SupervisedProcess Add(ProcessSpec spec)
    {
        var process = new SupervisedProcess(spec, Restarts);
        process.ProcessStarted += _registry.Track;
        process.StateChanged += p => ResourceChanged?.Invoke(p);
        lock (_gate)
        {
            _processes.Add(process);
        }
        ResourceChanged?.Invoke(process);
        return process;
    }

    /// <summary>
    /// Changes the number of API replicas while everything runs. New replicas start, become ready and
    /// only then join Prometheus' file_sd list and the nginx upstream (reload, no restart). Removed
    /// replicas leave the upstream first, nginx drains them (old workers finish their requests), then
    /// they stop gracefully.
    /// </summary>
    public async Task ScaleAsync(int replicas, CancellationToken cancellationToken = default)
    {
        await _scaleGate.WaitAsync(cancellationToken);
        try
        {
            var requestedAt = DateTimeOffset.UtcNow;
            var from = Topology.Replicas;
            var target = (Topology with { Replicas = replicas }).Validate();
            if (replicas > from)
            {
                var added = target.ApiReplicas.Skip(from).ToArray();
                PortCheck.EnsureFree(added.Select(r => KeyValuePair.Create(r.Name, r.Port)));
                try
                {
                    await StartGroupAsync(added.Select(r => _resources.Api(r, _apiAssembly)), cancellationToken);
                }
                catch
                {
                    await RemoveAsync(added.Select(r => r.Name));
                    throw;
                }
                Topology = target;
                await PublishReplicasAsync(target.ApiReplicas, cancellationToken);
            }
            else if (replicas < from)
            {
                var removed = Topology.ApiReplicas.Skip(replicas).Select(r => r.Name).ToArray();
                Topology = target;
                await PublishReplicasAsync(target.ApiReplicas, cancellationToken);
                await RemoveAsync(removed);
            }
            var record = new ScalingRecord(requestedAt, from, replicas, DateTimeOffset.UtcNow);
            lock (_gate)
            {
                _scaling.Add(record);
                File.AppendAllText(Run.ScalingFile, JsonSerializer.Serialize(record, LabJson.Lines) + "\n");
            }
            _log($"scaled api replicas {from} -> {replicas}");
        }
        finally
        {
            _scaleGate.Release();
        }
    }

    /// <summary>Restarts one resource on purpose (e.g. Prometheus, to show its data survives).</summary>
    public Task<bool> RestartAsync(string name, CancellationToken cancellationToken = default) =>
        (Find(name) ?? throw new LabException($"no resource named '{name}'")).RestartAsync(cancellationToken);

    /// <summary>Rewrites file_sd and the nginx upstream, reloads nginx and waits until its old workers are gone.</summary>
    private async Task PublishReplicasAsync(IReadOnlyList<ApiReplica> replicas, CancellationToken cancellationToken)
    {
        StackConfigRenderer.WriteApiTargets(Config, Topology, replicas);
        StackConfigRenderer.WriteNginxUpstreams(Config, Topology, replicas);
        if (Find(StackResources.Nginx) is not { Pid: { } master })
        {
            return;
        }
        var oldWorkers = ProcFs.Children(master);
        Posix.Signal(master, Posix.SIGHUP);
        // Old workers finish their in-flight requests, then exit: that is the drain.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (oldWorkers.Any(ProcFs.IsAlive) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task RemoveAsync(IEnumerable<string> names)
    {
        var doomed = Resources.Where(p => names.Contains(p.Name)).ToArray();
        await Task.WhenAll(doomed.Select(p => p.StopAsync()));
        lock (_gate)
        {
            _processes.RemoveAll(doomed.Contains);
        }
        foreach (var process in doomed)
        {
            _registry.Forget(process.Name);
            ResourceChanged?.Invoke(process);
        }
    }

    /// <summary>Asks the owner of the stack (the <c>up</c> command) to stop it.</summary>
    public void RequestShutdown() => _shutdownRequested.Cancel();

    /// <summary>
    /// Stops everything in order: load, nginx, the replicas, then Prometheus, Alertmanager, exporters and
    /// Grafana. Undoes faults first so no iptables rule or stopped process stays behind.
    /// </summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
        }
        Faults.UndoAll(Resources);
        var all = Resources;
        string[][] order =
        [
            [StackResources.LoadGen],
            [StackResources.Nginx],
            [.. all.Where(p => p.Name.StartsWith("api-", StringComparison.Ordinal)).Select(p => p.Name)],
        ];
        foreach (var group in order)
        {
            await Task.WhenAll(all.Where(p => group.Contains(p.Name)).Select(p => p.StopAsync()));
        }
        await Task.WhenAll(all.Select(p => p.StopAsync()));
        if (_control is not null)
        {
            await _control.DisposeAsync();
        }
        if (Alerts is not null)
        {
            await Alerts.DisposeAsync();
        }
        NetworkPartition.RemoveRules(State.StackId);
        _registry.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _scaleGate.Dispose();
        _shutdownRequested.Dispose();
    }

    private int? PortOf(string name) => Topology.AllPorts().TryGetValue(name, out var port) ? port : null;

    private void Note(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }
        _log(note);
    }

    private static IEnumerable<string> Tail(string file, int lines) =>
        File.Exists(file) ? File.ReadLines(file).TakeLast(lines) : ["(no log)"];
}
