using System.Globalization;
using System.Text.RegularExpressions;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>The real MonitoringStack.Api as its own process on a free loopback port (not WebApplicationFactory: real sockets).</summary>
public sealed partial class RealApi : IAsyncLifetime
{
    private DotnetProcess? _process;

    public int Port { get; } = FreePorts.Next();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _process = DotnetProcess.Start("MonitoringStack.Api.dll", ["--urls", BaseAddress.ToString().TrimEnd('/')],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        await HttpWait.UntilReadyAsync(Client, new Uri(BaseAddress, "/alive").ToString(), TimeSpan.FromSeconds(30),
            () => _process.StandardError + _process.StandardOutput);
    }

    /// <summary>The API's own count of answered requests to <paramref name="route"/> (its server-side histogram).</summary>
    public async Task<long> ServerRequestCountAsync(string route)
    {
        var text = await Client.GetStringAsync(new Uri(BaseAddress, "/metrics"));
        long total = 0;
        foreach (Match match in CountLine().Matches(text))
        {
            if (match.Groups["labels"].Value.Contains($"http_route=\"{route}\"", StringComparison.Ordinal))
            {
                total += (long)double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    [GeneratedRegex(@"^http_server_request_duration_seconds_count\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
