using System.CommandLine;
using MonitoringStack.Lab;
using MonitoringStack.Lab.Commands;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Topology;

var root = new RootCommand("MonitoringStack Lab: run the stack locally, scale it, inject faults")
{
    UpCommand.Create(),
    ControlCommands.Down(),
    ControlCommands.Status(),
    ControlCommands.Scale(),
    ControlCommands.Fault(),
    ExperimentCommands.Experiment(),
    ExperimentCommands.Demo(),
};
root.Options.Add(CommonOptions.StateDir);
root.Options.Add(CommonOptions.PortOffset);
root.Options.Add(CommonOptions.Ports);

try
{
    // The up command handles Ctrl-C itself (ordered shutdown), so no termination timeout here.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is LabException or TopologyException or FaultNotSupportedException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
