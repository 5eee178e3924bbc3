using System.Globalization;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Lab.Supervision;
using Spectre.Console;

namespace MonitoringStack.Lab.Display;

/// <summary>
/// Shows the stack while it runs: a live table on a terminal, plain timestamped lines when stdout is
/// not a terminal (CI logs, pipes), so the output stays readable there.
/// </summary>
public static class StatusView
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Shows the stack until <paramref name="stop"/> is cancelled.</summary>
    public static async Task ShowAsync(LocalStack stack, CancellationToken stop)
    {
        if (IsInteractive)
        {
            await ShowLiveAsync(stack, stop);
        }
        else
        {
            await ShowPlainAsync(stack, stop);
        }
    }

    public static Table Render(StackStatus status)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"MonitoringStack — local mode ({status.Replicas} API replicas)");
        table.AddColumns("resource", "state", "pid", "restarts", "url");
        foreach (var r in status.Resources)
        {
            table.AddRow(
                Markup.Escape(r.Name),
                $"[{Colour(r.State)}]{r.State.ToString().ToLowerInvariant()}[/]",
                r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.Restarts.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.Url ?? ""));
        }
        table.Caption($"run folder: {Markup.Escape(status.RunDirectory)} — Ctrl-C or 'down' stops everything");
        return table;
    }

    public static string PlainLine(ResourceStatus r) =>
        $"{DateTimeOffset.Now:HH:mm:ss} {r.Name,-15} {r.State.ToString().ToLowerInvariant(),-11} pid={r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"} restarts={r.Restarts} {r.Url}";

    private static async Task ShowLiveAsync(LocalStack stack, CancellationToken stop)
    {
        await AnsiConsole.Live(Render(stack.GetStatus())).AutoClear(false).StartAsync(async live =>
        {
            while (!stop.IsCancellationRequested)
            {
                live.UpdateTarget(Render(stack.GetStatus()));
                await Task.Delay(500, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            live.UpdateTarget(Render(stack.GetStatus()));
        });
    }

    private static async Task ShowPlainAsync(LocalStack stack, CancellationToken stop)
    {
        foreach (var resource in stack.GetStatus().Resources)
        {
            Console.WriteLine(PlainLine(resource));
        }
        void OnChange(SupervisedProcess p) => Console.WriteLine(PlainLine(ResourceStatus.Of(p)));
        void OnRestart(RestartRecord r) => Console.WriteLine(
            $"{DateTimeOffset.Now:HH:mm:ss} {r.Resource,-15} restart #{r.Attempt}: exit code {r.ExitCode}, back after {r.Downtime?.TotalMilliseconds:0} ms");
        stack.ResourceChanged += OnChange;
        stack.Restarts.Recorded += OnRestart;
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            stack.ResourceChanged -= OnChange;
            stack.Restarts.Recorded -= OnRestart;
        }
    }

    private static string Colour(ResourceState state) => state switch
    {
        ResourceState.Ready => "green",
        ResourceState.Starting or ResourceState.Pending => "yellow",
        ResourceState.Paused or ResourceState.BackingOff => "orange1",
        ResourceState.Failed => "red",
        _ => "grey",
    };
}
