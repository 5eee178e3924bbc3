using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>The experiments as a dashboard resource: commands that run the demo or one experiment, progress in its log, a link to the latest report.</summary>
public sealed class ExperimentsResource(string name) : Resource(name);

public static class ExperimentsResourceExtensions
{
    public const string RunDemoCommand = "run-demo";
    public const string RunExperimentCommand = "run-experiment";
    public const string NameArgument = "name";

    public static IResourceBuilder<ExperimentsResource> AddExperiments(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        var names = new ExperimentCatalog(Path.Combine(stack.RepositoryRoot, "experiments")).Files.Keys.Prepend("all").ToArray();
        return builder.AddResource(new ExperimentsResource(ExperimentRuns.ResourceName))
            // Local only: experiments drive this machine's stack; a deployment has nothing to create for it.
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Experiments",
                State = new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info),
                Properties = [new("experiments.output", stack.ExperimentsOutput)],
            })
            .WithCommand(RunDemoCommand, "Run the demo", context => StartAsync(context, ExperimentCatalog.DemoSuite), new CommandOptions
            {
                Description = $"Runs {string.Join(", ", ExperimentCatalog.DemoSuite)} on this stack (about 8 minutes) and writes the report; progress in this resource's log.",
                IconName = "Beaker",
                IsHighlighted = true,
            })
            .WithCommand(RunExperimentCommand, "Run an experiment", context =>
                {
                    var name = context.Arguments is not null && context.Arguments.TryGetByName(NameArgument, out var input) ? input?.Value : null;
                    return StartAsync(context, string.IsNullOrWhiteSpace(name) ? [] : [name]);
                },
                new CommandOptions
                {
                    Description = "Runs one experiment of experiments/ (or all) on this stack; progress in this resource's log.",
                    IconName = "BeakerEdit",
                    Arguments =
                    [
                        new InteractionInput
                        {
                            Name = NameArgument, Label = "Experiment", InputType = InputType.Choice, Required = true,
                            Options = [.. names.Select(n => KeyValuePair.Create(n, n))],
                        },
                    ],
                });
    }

    /// <summary>Starts the suite in the background (it runs for minutes) and answers at once; the outcome shows in the resource's state and log.</summary>
    private static Task<ExecuteCommandResult> StartAsync(ExecuteCommandContext context, IReadOnlyList<string> names)
    {
        var runs = context.Services.GetRequiredService<ExperimentRuns>();
        if (runs.IsRunning)
        {
            return Task.FromResult(CommandResults.Failure("another suite of experiments is running; wait for it (see the experiments resource's log)"));
        }
        try
        {
            runs.Catalog.Select(names);
        }
        catch (ExperimentDefinitionException ex)
        {
            return Task.FromResult(CommandResults.Failure(ex.Message));
        }
        var stopping = context.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await runs.RunAsync(names, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ExperimentDefinitionException or OperationCanceledException or TimeoutException or HttpRequestException)
            {
                // Logged by ExperimentRuns to the resource's log; the command already answered.
            }
        }, CancellationToken.None);
        return Task.FromResult(CommandResults.Success($"started {string.Join(", ", names)}; progress in the experiments resource's log"));
    }
}
