using System.CommandLine;
using MonitoringStack.LoadGen.Cli;

// Load requests must not carry trace context or create client activities: every request would start
// a trace in the target and cost the generator time. (Read once, before the first HttpClient exists.)
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

// The thread pool starts with one thread per core and adds more only every ~0.5 s when starved; at
// the start of a run that stall would show up as dropped iterations. Let it grow at once instead.
ThreadPool.GetMinThreads(out var workerThreads, out var ioThreads);
ThreadPool.SetMinThreads(Math.Max(workerThreads, 16), ioThreads);

var root = new RootCommand("MonitoringStack load generator: open and closed models, latency from the intended send time, thresholds.")
{
    RunCommand.Create(),
    WorkerCommand.Create(),
    ValidateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
