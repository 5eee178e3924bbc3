using System.CommandLine;
using MonitoringStack.LoadGen.Profiles;

namespace MonitoringStack.LoadGen.Cli;

/// <summary><c>validate</c>: checks profile files without sending anything (CI runs it over every shipped profile).</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var profiles = new Argument<string[]>("profile") { Description = "Profile files or built-in names.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check load profiles and report the first problem of each, with line and field.") { profiles };
        command.SetAction(parse =>
        {
            var exitCode = ExitCodes.Ok;
            foreach (var name in parse.GetValue(profiles) ?? [])
            {
                try
                {
                    var profile = ProfileLoader.Load(name);
                    Console.WriteLine($"ok: {name} ({profile.Phases.Count} phases, {profile.Duration}, {profile.Mix.Count} requests in the mix)");
                }
                catch (Exception ex) when (ex is ProfileException or IOException)
                {
                    Console.Error.WriteLine($"error: {ex.Message}");
                    exitCode = ExitCodes.Usage;
                }
            }
            return exitCode;
        });
        return command;
    }
}
