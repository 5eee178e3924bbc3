using MonitoringStack.LoadGen.Output;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>The one-shot command as users run it: a real process, its exit code, its JSON result.</summary>
public class CommandLineTests(RealApi api, FaultServer faults) : IClassFixture<RealApi>, IClassFixture<FaultServer>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Passing_thresholds_exit_zero_and_the_json_result_holds_the_run()
    {
        var output = Path.Combine(Path.GetTempPath(), $"loadgen-{Guid.NewGuid():N}.json");
        try
        {
            await using var run = DotnetApp.Start(BuildOutput.LoadGen,
            [
                "run", "--target", api.BaseAddress.ToString(), "--rate", "50", "--duration", "2s",
                "--threshold", "p99<10s", "--threshold", "errors<1%", "--threshold", "rate>=98%", "--out", output, "--quiet",
            ]);

            var exitCode = await run.WaitForExitAsync(ProcessTimeout);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{run.StandardOutput}\n{run.StandardError}");
            var result = ResultJson.Read(await File.ReadAllTextAsync(output));
            Assert.Equal(100, result.Total.Sent);
            Assert.Equal(100, result.Total.StatusCodes["200"]);
            Assert.Equal(3, result.Thresholds.Count);
            Assert.All(result.Thresholds, t => Assert.True(t.Passed));
            Assert.Contains("p99<10s", run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task A_failed_threshold_sets_exit_code_99()
    {
        await using var run = DotnetApp.Start(BuildOutput.LoadGen,
        [
            "run", "--target", faults.BaseAddress.ToString(), "--rate", "40", "--duration", "1s",
            "--path", "/ok", "--path", "/fail", "--threshold", "errors<1%", "--quiet",
        ]);

        var exitCode = await run.WaitForExitAsync(ProcessTimeout);

        Assert.True(exitCode == 99, $"exit {exitCode}\n{run.StandardOutput}\n{run.StandardError}");
        Assert.Contains("FAIL", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_profile_exits_2_naming_line_and_field()
    {
        var profile = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(profile, "mix:\n  - path: /\nphases:\n  - rate: 10\n    duration: 10 parsecs\n");
        try
        {
            await using var run = DotnetApp.Start(BuildOutput.LoadGen,
                ["run", "--profile", profile, "--target", api.BaseAddress.ToString()]);

            var exitCode = await run.WaitForExitAsync(ProcessTimeout);

            Assert.Equal(2, exitCode);
            Assert.Contains($"{Path.GetFileName(profile)}:5:", run.StandardError, StringComparison.Ordinal);
            Assert.Contains("phases[0].duration", run.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(profile);
        }
    }
}
