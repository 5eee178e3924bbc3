using System.CommandLine;
using MonitoringStack.Lab.Display;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Lab.Commands;

/// <summary><c>up</c>: builds, renders, starts the stack, shows it, and stops it on Ctrl-C or <c>down</c>.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var replicas = new Option<int?>("--replicas") { Description = "Number of API replicas (default: config/topology.json)" };
        var load = new Option<string?>("--load") { Description = "Run the load generator with this profile" };
        var fresh = new Option<bool>("--fresh") { Description = "Wipe the state folder first (TSDB, Alertmanager, Grafana data)" };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release build of the API" };
        var noGrafana = new Option<bool>("--no-grafana") { Description = "Do not start Grafana even when it is installed" };
        var command = new Command("up", "Run the whole stack as supervised local processes") { replicas, load, fresh, noBuild, noGrafana };
        command.SetAction(async (parse, _) =>
        {
            var root = CommonOptions.RepositoryRoot();
            var topology = CommonOptions.Topology(parse, root);
            if (parse.GetValue(replicas) is { } n)
            {
                topology = topology with { Replicas = n };
            }
            var options = new LabOptions
            {
                RepositoryRoot = root,
                Topology = topology,
                StateDirectory = parse.GetValue(CommonOptions.StateDir),
                Fresh = parse.GetValue(fresh),
                Build = !parse.GetValue(noBuild),
                LoadProfile = parse.GetValue(load),
                StartGrafana = !parse.GetValue(noGrafana),
            };
            return await RunAsync(options);
        });
        return command;
    }

    private static async Task<int> RunAsync(LabOptions options)
    {
        using var signals = new ShutdownSignals();
        var stop = signals.Token;

        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options, line => Console.WriteLine($"[lab] {line}"), stop);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("[lab] start cancelled; everything started so far was stopped");
            return 130;
        }
        await using (stack)
        {
            Console.WriteLine($"[lab] stack ready: nginx {stack.NginxUrl}, prometheus {stack.PrometheusUrl}, alertmanager {stack.AlertmanagerUrl}");
            Console.WriteLine($"[lab] run folder {stack.Run.Root}");
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, stack.ShutdownRequested);
            await StatusView.ShowAsync(stack, either.Token);
            Console.WriteLine("[lab] stopping: load, nginx, api replicas, then prometheus, alertmanager, exporters");
            await stack.StopAsync();
            Console.WriteLine("[lab] stopped; nothing left running");
        }
        return 0;
    }
}
