using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Autoscaling;

// In the AppHost's namespace so that AppHost.cs registers it with one line.
namespace MonitoringStack.AppHost;

/// <summary>The autoscaler's services and commands; the loop runs always, and acts only while switched on.</summary>
public static class AutoscalingRegistration
{
    public static IDistributedApplicationBuilder AddAutoscaling(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        if (stack.IsPublishMode)
        {
            // Deployed, the cluster's HPA/KEDA scales from the same config/autoscaling.json.
            return builder;
        }
        var services = builder.Services;
        services.AddSingleton(stack.Autoscaling);
        services.AddSingleton<AutoscalerDecider>();
        services.AddSingleton<SignalReader>();
        services.AddSingleton<AutoscalerJournal>();
        services.AddSingleton<AutoscalerStatus>();
        services.AddSingleton<AutoscalerSwitch>();
        services.AddHostedService<Autoscaler>();
        AutoscalerCommands.AddTo(builder);
        return builder;
    }
}
