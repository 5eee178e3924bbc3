using System.CommandLine;
using MonitoringStack.LoadGen.Cli;

// Load requests must not carry trace context or create client activities: every request would start
// a trace in the target and cost the generator time. (Read once, before the first HttpClient exists.)
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

var root = new RootCommand("MonitoringStack load generator: open and closed models, latency from the intended send time, thresholds.")
{
    RunCommand.Create(),
    WorkerCommand.Create(),
    ValidateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
