using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// One simulated replica <c>api-i</c> on its own port: answers <c>GET /metrics</c> with the current
/// frame and its own instance name. <see cref="TakeAway"/> closes the listener and every open
/// connection, as a crashed process does (the next scrape is refused).
/// </summary>
internal sealed class SimulatedTarget : IDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ExpositionFrames _frames;
    private readonly byte[] _name;
    private readonly object _gate = new();
    private Socket? _listener;
    private CancellationTokenSource? _running;

    public SimulatedTarget(int index, int port, ExpositionFrames frames)
    {
        Name = $"api-{index}";
        Port = port;
        _frames = frames;
        _name = Encoding.UTF8.GetBytes(Name);
    }

    public string Name { get; }

    public int Port { get; }

    public bool IsServing => _listener is not null;

    public static long Scrapes => Interlocked.Read(ref _scrapes);

    private static long _scrapes;

    /// <summary>Listens on the target's port; false when another socket holds it.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return true;
            }
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // Our own connections of a previous run may still be in TIME_WAIT on this port.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
                listener.Listen(64);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                listener.Dispose();
                return false;
            }
            _listener = listener;
            _running = new CancellationTokenSource();
            _ = AcceptAsync(listener, _running.Token);
            return true;
        }
    }

    public void Dispose() => TakeAway();

    public void TakeAway()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _listener?.Dispose();
            _running?.Dispose();
            _listener = null;
            _running = null;
        }
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            connection.NoDelay = true;
            _ = TinyHttp.ServeAsync(connection, Answer, stop);
        }
    }

    private IList<ArraySegment<byte>> Answer(string method, string path)
    {
        if (method != "GET" || !(path == "/metrics" || path.StartsWith("/metrics?", StringComparison.Ordinal)))
        {
            return TinyHttp.Text(404, "only GET /metrics\n");
        }
        Interlocked.Increment(ref _scrapes);
        var frame = _frames.Current;
        return TinyHttp.Response(200, ContentType, frame.Head, _name, frame.Tail);
    }
}
