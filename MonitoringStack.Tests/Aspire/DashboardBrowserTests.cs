using Aspire.Hosting.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The Aspire dashboard as a person sees it: headless Chromium (Debian's chromium and chromium-driver)
/// opens the login link the AppHost gives, and every resource that starts with the stack must show as
/// Running. The screenshot is kept in the test output folder (dashboard-resources.png).
/// </summary>
[Collection(RunningAppHostGroup.Name)]
public sealed class DashboardBrowserTests(RunningAppHost stack, ITestOutputHelper output)
{
    private static readonly TimeSpan PageLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dashboard_lists_every_started_resource_as_running()
    {
        using var timeout = new CancellationTokenSource(PageLimit);
        var login = await stack.App.GetDashboardUrlAsync(timeout.Token);

        var options = new ChromeOptions { BinaryLocation = HostTools.Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1600,1200");
        using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(HostTools.ChromeDriver)!, Path.GetFileName(HostTools.ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        using var browser = new ChromeDriver(service, options, PageLimit);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "dashboard-resources.png");
        try
        {
            browser.Navigate().GoToUrl(login);
            var wait = new WebDriverWait(browser, PageLimit);
            foreach (var name in RunningAppHost.StartedResources.Append("stack"))
            {
                // The row of the resource's name cell, once its state reads Running.
                wait.Until(driver => driver.FindElements(By.XPath($"//tr[.//*[normalize-space(text())='{name}']]"))
                    .Any(row => row.Text.Contains("Running", StringComparison.Ordinal)));
            }
        }
        finally
        {
            ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
            output.WriteLine($"screenshot: {screenshot}");
        }
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
    }
}
