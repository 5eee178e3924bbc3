using System.CommandLine;
using MonitoringStack.Lab.Commands;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Topology;

namespace MonitoringStack.Lab;

// A named entry point (no top-level statements): the tests reference both this assembly and the API,
// whose Program class must stay the only one in the global namespace.
internal static class LabProgram
{
    public static async Task<int> Main(string[] args)
    {
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
            var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
            return await root.Parse(args).InvokeAsync(invocation);
        }
        catch (Exception ex) when (ex is LabException or TopologyException or FaultNotSupportedException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
