// The target simulator: N API replicas' /metrics on loopback (see the project file and
// docs/benchmarks.md, "Monitoring at 1,000-5,000 targets"). Prints one "ready" line once every target
// listens; runs until SIGTERM or Ctrl-C, then prints its own CPU time.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MonitoringStack.TargetSimulator;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
    OpenFileLimit.Require(options.Targets);
}
catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine($"target-simulator: {e.Message}");
    Console.Error.WriteLine("usage: MonitoringStack.TargetSimulator --targets N --base-port P [--rate REQUESTS_PER_S_PER_TARGET] [--fixture FILE] [--control-port C]");
    return 2;
}

var exposition = RecordedExposition.Load(options.Fixture);
using var frames = new ExpositionFrames(exposition, options.RequestsPerSecond);
var targets = Enumerable.Range(0, options.Targets).Select(i => new SimulatedTarget(i, options.BasePort + i, frames)).ToArray();
// Ports from 40000 lie in Linux' ephemeral range: a port another program's outgoing connection holds
// cannot be bound until that connection ends. Such targets are retried for a while instead of failing
// the run (scripts/bench-monitoring-scale.sh also reserves the range: ip_local_reserved_ports).
var busy = targets.Where(t => !t.TryStart()).ToList();
for (var attempt = 0; busy.Count > 0 && attempt < 60; attempt++)
{
    Console.WriteLine($"waiting for {busy.Count} busy port(s): {string.Join(' ', busy.Take(10).Select(t => t.Port))}");
    Thread.Sleep(TimeSpan.FromSeconds(1));
    busy = busy.Where(t => !t.TryStart()).ToList();
}
if (busy.Count > 0)
{
    Console.Error.WriteLine($"target-simulator: ports still held by other programs after 60 s: {string.Join(' ', busy.Select(t => t.Port))}");
    return 1;
}
using var control = new ControlServer(targets, options.ControlPort);
control.Start();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ready: {options.Targets} targets api-0..api-{options.Targets - 1} on 127.0.0.1:{options.BasePort}-{options.BasePort + options.Targets - 1}, control on {options.ControlPort}, {exposition.CumulativeSamples} advancing samples at {options.RequestsPerSecond} requests/s per target"));

using var stopped = new ManualResetEventSlim();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.Set(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopped.Set(); });
stopped.Wait();
foreach (var target in targets)
{
    target.Dispose();
}
using var self = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"stopped: {SimulatedTarget.Scrapes} scrapes answered, {self.TotalProcessorTime.TotalSeconds:F1} s of CPU"));
return 0;
