using System.Net.Sockets;
using System.Text;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// Just enough HTTP/1.1 for Prometheus' scrapes and the control calls: one request line and headers
/// (no body is ever sent to us), keep-alive, Content-Length answers. Kestrel would cost thousands of
/// hosted servers' worth of memory and threads for 5,000 ports.
/// </summary>
internal static class TinyHttp
{
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    /// <summary>Serves requests on one connection until the peer closes it or <paramref name="stop"/> fires.</summary>
    public static async Task ServeAsync(Socket connection, Func<string, string, IList<ArraySegment<byte>>> answer, CancellationToken stop)
    {
        var buffer = new byte[4096];
        var filled = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, stop);
                if (read == 0)
                {
                    return;
                }
                filled += read;
                int end;
                while ((end = buffer.AsSpan(0, filled).IndexOf(EndOfHeaders)) >= 0)
                {
                    var requestLine = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, end).IndexOf("\r\n"u8) is var nl and >= 0 ? nl : end).Split(' ');
                    var consumed = end + EndOfHeaders.Length;
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                    var answerSegments = answer(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/");
                    await connection.SendAsync(answerSegments, SocketFlags.None);
                }
                if (filled == buffer.Length)
                {
                    return; // headers larger than any scrape sends: not a client of ours
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the target was taken away: nothing to answer.
        }
        finally
        {
            connection.Dispose();
        }
    }

    public static IList<ArraySegment<byte>> Response(int status, string contentType, params byte[][] body)
    {
        var length = body.Sum(b => b.Length);
        var reason = status switch { 200 => "OK", 404 => "Not Found", 409 => "Conflict", _ => "Error" };
        var header = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\n\r\n");
        var segments = new List<ArraySegment<byte>>(body.Length + 1) { header };
        segments.AddRange(body.Select(b => new ArraySegment<byte>(b)));
        return segments;
    }

    public static IList<ArraySegment<byte>> Text(int status, string text) =>
        Response(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
}
