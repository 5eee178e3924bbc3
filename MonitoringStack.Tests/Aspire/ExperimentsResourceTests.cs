using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MonitoringStack.AppHost.Experiments;

namespace MonitoringStack.Tests.Aspire;

/// <summary>The dashboard's experiments resource: a name outside its list of experiments is refused and nothing starts.</summary>
[Collection(RunningAppHostGroup.Name)]
public sealed class ExperimentsResourceTests(RunningAppHost stack)
{
    [Fact]
    public async Task Experiments_resource_refuses_an_experiment_outside_its_choices_and_stays_as_it_was()
    {
        // Idle, or the outcome of the suite another test of this stack ran: never running now.
        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(ExperimentRuns.ResourceName, out var state));
        var before = state.Snapshot.State?.Text;
        Assert.True(before is "Idle" or "Hypotheses held" or "Hypothesis failed", $"state {before}");

        var inputs = new InteractionInputCollection(
            [new InteractionInput { Name = ExperimentsResourceExtensions.NameArgument, Label = "name", InputType = InputType.Text, Value = "no-such-experiment" }]);
        var result = await stack.App.ResourceCommands.ExecuteCommandAsync(ExperimentRuns.ResourceName, ExperimentsResourceExtensions.RunExperimentCommand, inputs);

        // The argument is a choice of the experiments under experiments/ (and "all"): Aspire refuses anything else before the suite starts.
        Assert.False(result.Success);
        Assert.Contains("validation failed", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, stack.App.ResourceNotifications.TryGetCurrentState(ExperimentRuns.ResourceName, out var after) ? after.Snapshot.State?.Text : null);
    }
}
