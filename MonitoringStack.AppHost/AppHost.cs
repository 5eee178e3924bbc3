// The Aspire composition of the MonitoringStack, and the experiments run on it (`demo`, `experiment run`): N API replicas (each its own scrape target, more in
// reserve for the scale command), Prometheus, Alertmanager, Grafana, Nginx, the exporters, the alert
// receiver and the load generator. The infrastructure runs as containers when a container runtime
// answers, as host executables otherwise. Ports, names and replica counts come from
// config/topology.json; every config file is rendered from config/. Arguments and settings are checked
// before anything starts: bad input exits 2, a machine that cannot run the stack (a program missing, a port
// held by another program) exits 1, each with one line saying what and how to fix it.
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.AppHost.Supervision;

try
{
    var request = ExperimentCommandLine.Parse(args);
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
    var notes = new List<string>();
    var binaries = stack.InfrastructureAs == InfrastructureKind.Executables && !stack.IsPublishMode
        ? HostBinaries.Find(builder.Configuration)
        : null;
    notes.AddRange(binaries?.Absent() ?? []);
    // Held until the AppHost stops, so leftovers are cleaned only when no live AppHost owns the state folder.
    using var stateFolderLock = stack.IsPublishMode ? null : StateFolderLock.Acquire(stack.StateDirectory);
    if (!stack.IsPublishMode)
    {
        notes.AddRange(Leftovers.Clean(stack));
    }
    var parameters = StackParameters.Add(builder, stack);
    builder.Services.AddSingleton(parameters);
    var rendered = StackConfiguration.Render(stack, binaries);
    builder.Services.AddSingleton(new StartupNotes(notes));
    builder.AddStackServices(stack, rendered);
    builder.AddStackControl(stack);
    builder.AddAutoscaling(stack);

    var apis = builder.AddApiReplicas(stack, parameters);
    var initialApis = apis.Take(stack.Topology.Replicas).ToArray();
    builder.AddAlertReceiver(stack);

    var nginx = binaries is not null
        ? builder.AddInfrastructureExecutables(stack, rendered, binaries, parameters, initialApis)
        : builder.AddInfrastructureContainers(stack, rendered, parameters, initialApis);

    builder.AddLoadGenerator(stack, nginx);
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
