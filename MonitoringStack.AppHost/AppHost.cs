// The Aspire composition of the MonitoringStack, and the experiments run on it (`demo`, `experiment run`;
// `experiment compare` reads two finished runs and starts nothing):
// N API replicas (each its own scrape target, more in reserve for the scale command), Prometheus,
// Alertmanager with its receiver, Grafana, Nginx, the exporters and the load generator, all from the
// MonitoringStack.Hosting package: containers when a container runtime answers, host executables
// otherwise. Ports, names and replica counts come from config/topology.json; every config file is rendered
// from config/. Arguments and settings are checked before anything starts: bad input exits 2, a machine
// that cannot run the stack (a program missing, a port held by another program) exits 1, each with one
// line saying what and how to fix it.
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Experiments.Compare;
using MonitoringStack.Topology.Rendering;

try
{
    var request = ExperimentCommandLine.Parse(args);
    if (request is { CompareCandidate: { } candidate, Comparison.Baseline: { } baseline })
    {
        // Two finished runs: no stack to start.
        return CompareCommand.Run(baseline, candidate, request.Comparison.Settings, Console.Out, Console.Error);
    }
    var builder = DistributedApplication.CreateBuilder(request?.AspireArgs ?? args);
    if (request is { ListOnly: true })
    {
        StackSettingsCheck.Validate(builder.Configuration);
        return ExperimentListing.Print();
    }
    if (request is not null)
    {
        ExperimentStackDefaults.Apply(builder);
    }

    var stack = StackSettings.Load(builder);
    var binaries = stack.InfrastructureAs == MonitoringRuntime.Executable && !stack.IsPublishMode ? HostBinaries.Find(builder.Configuration) : null;
    // Held until the AppHost stops, so leftovers are cleaned only when no live AppHost owns the state folder.
    using var stateFolderLock = stack.IsPublishMode ? null : StateFolderLock.Acquire(stack.StateDirectory);
    IReadOnlyList<string> notes = stack.IsPublishMode ? [] : [.. Leftovers.Clean(stack), .. binaries?.Absent() ?? []];
    builder.ConfigureMonitoring(options => stack.Configure(options, binaries));
    var parameters = StackParameters.Add(builder, stack);
    builder.Services.AddSingleton(parameters);
    var rendered = StackConfiguration.Render(stack, binaries);
    var ports = stack.Topology.Ports;

    // The topology. Every component gets its configuration rendered from config/ (the same files deploy/ uses).
    var api = builder.AddApiReplicas(stack, parameters, rendered);
    var receiver = builder.AddStackAlertReceiver(stack);
    var alertmanager = builder.AddAlertmanager(StackEndpoints.AlertmanagerResource, ports.Alertmanager)
        .WithConfigurationFolder(Path.GetDirectoryName(rendered.AlertmanagerConfigFile)!)
        .WaitFor(receiver);
    if (!stack.IsPublishMode)
    {
        // Kill, pause, partition, crash, restarts and the running experiment, on the port prometheus.yml names.
        builder.AddFaultMetrics(port: ports.FaultMetrics);
    }
    var prometheus = builder.AddPrometheus(StackEndpoints.PrometheusResource, ports.Prometheus)
        .WithConfigurationFolder(Path.GetDirectoryName(rendered.PrometheusConfigFile)!)
        .WithAlertmanager(alertmanager);
    builder.AddGrafana(StackEndpoints.GrafanaResource, ports.Grafana, parameters.GrafanaAdminPassword)
        .WithProvisioningFolder(rendered.GrafanaProvisioningDirectory)
        .WithDashboards(rendered.GrafanaDashboardsDirectory)
        .WithDatasource(prometheus);
    var nginx = builder.AddNginxLoadBalancer(StackEndpoints.NginxResource, ports.Nginx, ports.NginxStatus)
        .WithConfigurationFolder(rendered.NginxPrefixDirectory)
        .WithUpstream(api)
        .WithExperimentReports(stack);
    builder.AddNginxExporter(StackEndpoints.NginxExporterResource, nginx, ports.NginxExporter);
    builder.AddNodeExporter(StackEndpoints.NodeExporterResource, ports.NodeExporter);
    builder.AddLoadGenerator(stack, nginx);

    // What is this stack's own: its dashboard resource, the autoscaler and the experiments.
    builder.AddStackServices(stack, rendered, api, notes);
    builder.AddStackControl(stack);
    builder.AddAutoscaling(stack);
    builder.AddExperiments(stack);
    if (request is not null)
    {
        builder.Services.AddSingleton(request);
        builder.Services.AddHostedService<ExperimentSession>();
    }

    builder.Build().Run();
    return Environment.ExitCode;
}
catch (StackInputException ex)
{
    // Something the user typed or set: the message names it and what it takes, without a stack trace.
    Console.Error.WriteLine($"MonitoringStack: {ex.Message}");
    return StackInputException.ExitCode;
}
catch (StackConfigurationException ex)
{
    // Something about this machine the user can fix: the message says what, without a stack trace.
    Console.Error.WriteLine($"MonitoringStack: {ex.Message}");
    return 1;
}
