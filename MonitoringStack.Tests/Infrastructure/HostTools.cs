using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The host programs the tests run, found the way the AppHost finds its own (<see cref="HostProgram.FindOnPath"/>),
/// so a test fails with the package to install rather than a bare "file not found".
/// </summary>
public static class HostTools
{
    // Tools the AppHost does not run itself; the ones it does are the hosting package's HostPrograms.
    private static readonly HostProgram PromtoolProgram = new("Promtool", "Debian package prometheus", "promtool");
    private static readonly HostProgram AmtoolProgram = new("Amtool", "Debian package prometheus-alertmanager", "amtool");

    private static readonly HostProgram ChromiumProgram = new("Chromium", "Debian package chromium", "chromium", "chromium-browser");
    private static readonly HostProgram ChromeDriverProgram = new("ChromeDriver", "Debian package chromium-driver", "chromedriver");

    // Debian's aiosmtpd is installed for the system interpreter; a python3 earlier on PATH (pyenv) may lack it.
    private static readonly HostProgram PythonProgram = new("Python", "Debian package python3-aiosmtpd", "/usr/bin/python3", "python3");

    public static string Prometheus => Require(HostProgram.Prometheus);

    public static string Promtool => Require(PromtoolProgram);

    public static string Alertmanager => Require(HostProgram.Alertmanager);

    public static string Amtool => Require(AmtoolProgram);

    public static string Nginx => Require(HostProgram.Nginx);

    public static string NodeExporter => Require(HostProgram.NodeExporter);

    public static string Python => Require(PythonProgram);

    public static string Chromium => Require(ChromiumProgram);

    public static string ChromeDriver => Require(ChromeDriverProgram);

    private static string Require(HostProgram program) =>
        HostProgram.FindOnPath(program.Names)
        ?? throw new InvalidOperationException(
            $"{string.Join(" or ", program.Names)} is missing: install it ({program.Package}) " +
            "(scripts/install-prerequisites.sh does); the test cannot run without it.");
}
