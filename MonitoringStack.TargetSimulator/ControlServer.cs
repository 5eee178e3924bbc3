using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// The benchmark's handle on the simulator, on its own port: <c>POST /targets/{i}/stop</c> takes
/// target i away (AppDown detection), <c>POST /targets/{i}/start</c> brings it back, <c>GET /stats</c>
/// reports the simulator's own CPU seconds and scrapes answered (its cost, reported beside Prometheus').
/// </summary>
internal sealed class ControlServer(IReadOnlyList<SimulatedTarget> targets, int port) : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();

    public void Start()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(16);
        _ = AcceptAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                _ = TinyHttp.ServeAsync(connection, Answer, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private IList<ArraySegment<byte>> Answer(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (method == "GET" && path == "/stats")
        {
            using var self = Process.GetCurrentProcess();
            return TinyHttp.Text(200, string.Create(CultureInfo.InvariantCulture,
                $"cpu_seconds {self.TotalProcessorTime.TotalSeconds:F3}\nscrapes {SimulatedTarget.Scrapes}\ntargets_serving {targets.Count(t => t.IsServing)}\nrss_bytes {self.WorkingSet64}\n"));
        }
        if (method == "POST" && segments is ["targets", var index, var verb]
            && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < targets.Count)
        {
            switch (verb)
            {
                case "stop":
                    targets[i].TakeAway();
                    return TinyHttp.Text(200, $"{targets[i].Name} taken away\n");
                case "start":
                    return targets[i].TryStart()
                        ? TinyHttp.Text(200, $"{targets[i].Name} serving\n")
                        : TinyHttp.Text(409, $"{targets[i].Name}: port {targets[i].Port} is held by another socket\n");
            }
        }
        return TinyHttp.Text(404, "GET /stats | POST /targets/{i}/stop | POST /targets/{i}/start\n");
    }
}
