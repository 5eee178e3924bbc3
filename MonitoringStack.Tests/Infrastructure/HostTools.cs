using MonitoringStack.AppHost;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The host programs the tests run, found the way the AppHost finds its own (<see cref="HostBinaries.FindOnPath"/>),
/// so a test fails with the package to install rather than a bare "file not found".
/// </summary>
public static class HostTools
{
    // Tools the AppHost does not run itself; the ones it does come from HostBinaries.
    private static readonly HostProgram PromtoolProgram = new("Promtool", "prometheus", "promtool");
    private static readonly HostProgram AmtoolProgram = new("Amtool", "prometheus-alertmanager", "amtool");

    private static readonly HostProgram ChromiumProgram = new("Chromium", "chromium", "chromium", "chromium-browser");
    private static readonly HostProgram ChromeDriverProgram = new("ChromeDriver", "chromium-driver", "chromedriver");

    // Debian's aiosmtpd is installed for the system interpreter; a python3 earlier on PATH (pyenv) may lack it.
    private static readonly HostProgram PythonProgram = new("Python", "python3-aiosmtpd", "/usr/bin/python3", "python3");

    public static string Prometheus => Require(HostBinaries.PrometheusProgram);

    public static string Promtool => Require(PromtoolProgram);

    public static string Alertmanager => Require(HostBinaries.AlertmanagerProgram);

    public static string Amtool => Require(AmtoolProgram);

    public static string Nginx => Require(HostBinaries.NginxProgram);

    public static string NodeExporter => Require(HostBinaries.NodeExporterProgram);

    public static string Python => Require(PythonProgram);

    public static string Chromium => Require(ChromiumProgram);

    public static string ChromeDriver => Require(ChromeDriverProgram);

    private static string Require(HostProgram program) =>
        HostBinaries.FindOnPath(program.Names)
        ?? throw new InvalidOperationException(
            $"{string.Join(" or ", program.Names)} is missing: install the Debian package '{program.Package}' " +
            "(scripts/install-prerequisites.sh does); the test cannot run without it.");
}
