using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.AppHost;

/// <summary>An experiment run's stack: its own state folder, fresh data, unless the command line says otherwise.</summary>
public sealed class ExperimentStackDefaultsTests
{
    [Fact]
    public void An_experiment_run_gets_its_own_state_folder_with_fresh_data()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        // As the AppHost reads it: its appsettings.json is loaded before the defaults go beneath it, so a
        // value there would win over them (a "FreshData": false there once kept an earlier run's
        // notification log, which held back the next run's page).
        builder.Configuration.AddJsonFile(Path.Combine(RepositoryConfig.Root, "MonitoringStack.AppHost", "appsettings.json"));

        ExperimentStackDefaults.Apply(builder);

        Assert.Equal(Path.Combine(RepositoryConfig.Root, ".state", "experiments"), builder.Configuration[StackSettings.StateDirectoryKey]);
        Assert.Equal("true", builder.Configuration[StackSettings.FreshDataKey]);
    }

    [Fact]
    public void The_command_line_still_wins()
    {
        var builder = DistributedApplication.CreateBuilder([$"--{StackSettings.StateDirectoryKey}=/tmp/mine", $"--{StackSettings.FreshDataKey}=false"]);

        ExperimentStackDefaults.Apply(builder);

        Assert.Equal("/tmp/mine", builder.Configuration[StackSettings.StateDirectoryKey]);
        Assert.Equal("false", builder.Configuration[StackSettings.FreshDataKey]);
    }
}
