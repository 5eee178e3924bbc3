using Microsoft.Extensions.DependencyInjection;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>The stack resource's commands that switch the autoscaler on and off while the stack runs.</summary>
public static class AutoscalerCommands
{
    public const string On = "autoscaler-on";
    public const string Off = "autoscaler-off";

    public static void AddTo(IDistributedApplicationBuilder builder)
    {
        // Added to the stack resource StackControl created, so that file stays as it is.
        var stack = builder.CreateResourceBuilder(builder.Resources.OfType<StackResource>().Single());
        stack.WithCommand(On, "Autoscaler on", context => SwitchAsync(context, true), new CommandOptions
        {
            Description = "Lets the autoscaler change the API replica count from the replicas' metrics (config/autoscaling.json).",
            IconName = "ArrowTrendingLines",
            UpdateState = context => IsOn(context) ? ResourceCommandState.Hidden : ResourceCommandState.Enabled,
        });
        stack.WithCommand(Off, "Autoscaler off", context => SwitchAsync(context, false), new CommandOptions
        {
            Description = "Stops the autoscaler; the replica count stays where it is (scale by hand).",
            IconName = "Pause",
            UpdateState = context => IsOn(context) ? ResourceCommandState.Enabled : ResourceCommandState.Hidden,
        });
    }

    private static bool IsOn(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.Properties.Any(p => p.Name == AutoscalerStatus.EnabledProperty && Equals(p.Value, "true"));

    private static async Task<ExecuteCommandResult> SwitchAsync(ExecuteCommandContext context, bool on)
    {
        context.Services.GetRequiredService<AutoscalerSwitch>().Enabled = on;
        // Shown at once; the loop journals the switch at its next tick.
        await context.Services.GetRequiredService<AutoscalerStatus>().PublishEnabledAsync(on).ConfigureAwait(false);
        return CommandResults.Success();
    }
}
