using System.CommandLine;
using MonitoringStack.Lab.Control;
using MonitoringStack.Lab.Display;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Lab.Supervision;
using Spectre.Console;

namespace MonitoringStack.Lab.Commands;

/// <summary><c>status</c>, <c>scale</c>, <c>fault</c>, <c>down</c>: clients of the running <c>up</c>'s control API.</summary>
internal static class ControlCommands
{
    public static Command Status()
    {
        var command = new Command("status", "Show the running stack");
        command.SetAction(async (parse, ct) =>
        {
            using var client = new ControlClient(CommonOptions.ControlPort(parse));
            Print(await client.StatusAsync(ct));
            return 0;
        });
        return command;
    }

    public static Command Scale()
    {
        var replicas = new Argument<int>("replicas") { Description = "New number of API replicas" };
        var command = new Command("scale", "Change the number of API replicas while the stack runs") { replicas };
        command.SetAction(async (parse, ct) =>
        {
            using var client = new ControlClient(CommonOptions.ControlPort(parse));
            Print(await client.ScaleAsync(parse.GetValue(replicas), ct));
            return 0;
        });
        return command;
    }

    public static Command Fault()
    {
        var kind = new Argument<string>("kind") { Description = "kill | pause | resume | partition | heal" };
        kind.AcceptOnlyFromAmong("kill", "pause", "resume", "partition", "heal");
        var target = new Argument<string>("resource") { Description = "Resource name, e.g. api-1" };
        var command = new Command("fault", "Inject a fault into one resource of the running stack") { kind, target };
        command.SetAction(async (parse, ct) =>
        {
            using var client = new ControlClient(CommonOptions.ControlPort(parse));
            var record = await client.FaultAsync(parse.GetValue(kind)!, parse.GetValue(target)!, ct);
            Console.WriteLine($"{record.At:HH:mm:ss.fff} {record.Kind.ToString().ToLowerInvariant()} {record.Target} (pid {record.Pid}): {record.Detail}");
            return 0;
        });
        return command;
    }

    public static Command Down()
    {
        var command = new Command("down", "Stop the running stack in order, or clean up after a Lab that crashed");
        command.SetAction(async (parse, ct) =>
        {
            var root = CommonOptions.RepositoryRoot();
            var state = CommonOptions.State(parse, root);
            if (ProcessRegistry.Read(state) is { } registry && ProcessRegistry.LiveLab(registry) is { } lab)
            {
                using var client = new ControlClient(registry.ControlPort);
                await client.DownAsync(ct);
                Console.WriteLine($"[lab] asked the Lab (pid {lab.Pid}) to stop; waiting");
                var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
                while (ProcFs.IsAlive(lab.Pid) && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(200, ct);
                }
                Console.WriteLine(ProcFs.IsAlive(lab.Pid) ? "[lab] the Lab is still stopping" : "[lab] stopped");
                return ProcFs.IsAlive(lab.Pid) ? 1 : 0;
            }
            var cleaned = ProcessRegistry.CleanLeftovers(state);
            Console.WriteLine(cleaned.Count == 0 ? "[lab] nothing running" : string.Join('\n', cleaned.Select(l => "[lab] " + l)));
            return 0;
        });
        return command;
    }

    private static void Print(StackStatus status)
    {
        if (StatusView.IsInteractive)
        {
            AnsiConsole.Write(StatusView.Render(status));
        }
        else
        {
            foreach (var resource in status.Resources)
            {
                Console.WriteLine(StatusView.PlainLine(resource));
            }
        }
        foreach (var note in status.Notes)
        {
            Console.WriteLine(note);
        }
    }
}
