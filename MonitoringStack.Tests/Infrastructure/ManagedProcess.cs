using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The one way the tests start a real process (prometheus, alertmanager, nginx, an API replica, a tool
/// run to completion). Its output is kept for assertions and failure messages; dispose kills the whole
/// process tree and waits for it, so nothing outlives the test, failed or not.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    // Keep the tail only: a chatty process must not grow the test's memory without bound.
    private const int KeepChars = 200_000;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ManagedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and error, interleaved as they arrived.</summary>
    public string Output => Read(_output);

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <param name="standardInput">Written to the process's standard input, which is then closed (e.g. <c>promtool check metrics</c>).</param>
    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // An OTLP endpoint inherited from the test runner's environment would make a child export to it.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, name);
        process.OutputDataReceived += (_, e) => managed.Append(managed._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => managed.Append(managed._stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {name}: {fileName}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        return managed;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails with the process output otherwise.</summary>
    /// <exception cref="InvalidOperationException">The process exited before it was ready.</exception>
    public Task WaitUntilReadyAsync(HttpClient http, string url, TimeSpan timeout) =>
        Eventually.HttpOkAsync(http, url, timeout, () => $"{Name} not ready at {url}:\n{Output}", () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }
        });

    /// <summary>SIGKILL to this process alone (not its children), as a crash or the OOM killer would.</summary>
    public void KillProcessOnly() => _process.Kill(entireProcessTree: false);

    /// <summary>
    /// SIGKILL to this process's whole process group and to <paramref name="others"/>, in one kill(1), as a hard
    /// stop would. The process must lead its own group (started under setsid): a process that does not has no
    /// group of its id, so nothing else, the test runner least of all, can be hit.
    /// </summary>
    public async Task KillGroupAsync(params int[] others)
    {
        ArgumentNullException.ThrowIfNull(others);
        using var kill = Process.Start("kill", ["-KILL", "--", $"-{Id}", .. others.Select(pid => pid.ToString(CultureInfo.InvariantCulture))]);
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -KILL -- -{Id} {string.Join(' ', others)} failed: {Name} leads no process group, or one of the others was gone");
    }

    /// <summary>Waits for the process to exit (after a signal sent from outside).</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        // The parameterless wait also drains the asynchronous output readers, so Output is complete.
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to exit on its own; false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits for exit and returns the exit code; kills the process tree and fails when <paramref name="timeout"/> passes first.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (!await ExitsWithinAsync(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }
        foreach (var buffer in new[] { stream, _output })
        {
            lock (buffer)
            {
                if (buffer.Length > KeepChars)
                {
                    buffer.Remove(0, KeepChars / 2);
                }
                buffer.AppendLine(line);
            }
        }
    }
}
