namespace MonitoringStack.Tests.Scale;

/// <summary>
/// MonitoringStack.ScaleHost run as a user runs it, with a bad <c>Scale:</c> setting: one line naming the
/// setting and what is allowed, exit 2, no stack trace, nothing started (it exits before DCP would).
/// </summary>
public sealed class ScaleHostBadInputTests
{
    public static TheoryData<string, string> BadInput() => new()
    {
        { "--Scale:Shards=0", "Scale:Shards must be between 1 (one Prometheus) and 16, got 0" },
        { "--Scale:Targets=0", "Scale:Targets must be between 1 and 10000, got 0" },
        { "--Scale:Targets=many", "Scale:Targets must be a whole number, got 'many'" },
        { "--Scale:Rate=-1", "Scale:Rate must be between 0 and 10000" },
        { "--Scale:Reference=yes", "Scale:Reference must be true or false, got 'yes'" },
        { "--Scale:Shard=2", "unknown setting Scale:Shard" },
        { "--Scale:TargetBasePort=65500", "Scale:TargetBasePort 65500 with 100 targets needs ports 65499-65599" },
        { "--Scale:PrometheusPort=40010", "overlap the targets'" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_answered_in_one_line_with_exit_2(string setting, string expected)
    {
        var project = "MonitoringStack.ScaleHost";
        var result = await ToolRun.RunAsync("dotnet", [BuildOutput.Dll(project), setting], BuildOutput.Directory(project), TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("MonitoringStack.ScaleHost: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
