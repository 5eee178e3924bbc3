using MonitoringStack.Hosting;
using MonitoringStack.Tests.Api;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Faults;

/// <summary>
/// The fault board's gauges as Prometheus reads them: 1 while a fault or experiment is in force, 0 after, tagged
/// with the running experiment; a window shorter than a scrape is still shown once; the exposition passes
/// promtool and is served by the real server.
/// </summary>
public sealed class FaultBoardTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void A_fault_is_1_while_in_force_and_0_after_with_the_experiment_it_was_injected_in()
    {
        var board = new FaultBoard(_time);
        board.ExperimentStarted("kill-replica");
        board.Started("kill", "api-1");

        Assert.Equal(1, Value(board.Exposition(), """monitoringstack_fault_active{experiment="kill-replica",fault="kill",target="api-1"}"""));
        Assert.Equal(1, Value(board.Exposition(), """monitoringstack_experiment_running{experiment="kill-replica"}"""));
        Assert.True(board.IsActive("kill", "api-1"));

        board.Ended("kill", "api-1");
        board.ExperimentEnded("kill-replica");
        board.Started("pause", "api-0");
        var after = board.Exposition();

        Assert.False(board.IsActive("kill", "api-1"));
        Assert.Equal(0, Value(after, """monitoringstack_fault_active{experiment="kill-replica",fault="kill",target="api-1"}"""));
        Assert.Equal(0, Value(after, """monitoringstack_experiment_running{experiment="kill-replica"}"""));
        // Injected outside any experiment: no experiment label at all.
        Assert.Equal(1, Value(after, """monitoringstack_fault_active{fault="pause",target="api-0"}"""));
    }

    [Fact]
    public void A_window_that_ended_before_any_scrape_is_shown_once_at_1()
    {
        var board = new FaultBoard(_time);
        board.Started("restart", "prometheus");
        board.Ended("restart", "prometheus");

        Assert.Equal(1, Value(board.Exposition(), """monitoringstack_fault_active{fault="restart",target="prometheus"}"""));
        Assert.Equal(0, Value(board.Exposition(), """monitoringstack_fault_active{fault="restart",target="prometheus"}"""));
    }

    [Fact]
    public void A_lasting_fault_ends_by_itself_and_starting_it_again_opens_the_same_series()
    {
        var board = new FaultBoard(_time);
        board.Started("latency", "api-0", TimeSpan.FromSeconds(30));
        Assert.Equal(1, Value(board.Exposition(), """monitoringstack_fault_active{fault="latency",target="api-0"}"""));

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(board.IsActive("latency", "api-0"));
        Assert.Equal(0, Value(board.Exposition(), """monitoringstack_fault_active{fault="latency",target="api-0"}"""));

        board.Started("latency", "api-0", TimeSpan.FromSeconds(30));
        var again = board.Exposition();
        Assert.Equal(1, Value(again, """monitoringstack_fault_active{fault="latency",target="api-0"}"""));
        Assert.Single(again.Split('\n'), l => l.StartsWith("monitoringstack_fault_active{", StringComparison.Ordinal));
    }

    [Fact]
    public void Ending_what_is_not_in_force_changes_nothing_and_a_new_experiment_ends_the_previous_one()
    {
        var board = new FaultBoard(_time);
        board.Ended("pause", "api-0");
        board.ExperimentStarted("first");
        board.ExperimentStarted("second");
        board.ExperimentEnded("first");

        var text = board.Exposition();
        Assert.DoesNotContain("fault=\"pause\"", text, StringComparison.Ordinal);
        Assert.Equal("second", board.Experiment);
        Assert.Equal(1, Value(text, """monitoringstack_experiment_running{experiment="first"}"""));
        Assert.Equal(0, Value(board.Exposition(), """monitoringstack_experiment_running{experiment="first"}"""));
        Assert.Equal(1, Value(board.Exposition(), """monitoringstack_experiment_running{experiment="second"}"""));
    }

    [Fact]
    public async Task The_exposition_passes_promtool_even_with_quotes_and_backslashes_in_a_name()
    {
        var board = new FaultBoard(_time);
        board.ExperimentStarted("say \"hi\" \\ there");
        board.Started("kill", "api-1");
        board.Started("restart", "alertmanager");

        var (exitCode, output) = await Promtool.CheckMetricsAsync(board.Exposition());

        Assert.True(exitCode == 0, output);
        Assert.Contains("""experiment="say \"hi\" \\ there",fault="kill",target="api-1"} 1""", board.Exposition(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_serves_the_board_at_metrics_in_prometheus_text_format()
    {
        var board = new FaultBoard(_time);
        board.Started("partition", "orders-1");
        var port = FreePorts.Next();
        await using var server = FaultMetricsServer.Build(port, board, listenAnyAddress: false);
        await server.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        Assert.Contains("""monitoringstack_fault_active{fault="partition",target="orders-1"} 1""", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await server.StopAsync();
    }

    /// <summary>The value of the one sample named exactly <paramref name="series"/>; fails when it is not there.</summary>
    private static int Value(string exposition, string series)
    {
        var line = Assert.Single(exposition.Split('\n'), l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return int.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
