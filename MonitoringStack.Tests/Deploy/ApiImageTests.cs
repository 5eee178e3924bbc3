using System.Text.Json;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// The API's container image (Kubernetes and Compose run <c>monitoringstack/api</c>, built with
/// <c>dotnet publish MonitoringStack.Api -t:PublishContainer</c>, docs/kubernetes.md) is the same Native AOT build the
/// AppHost's replicas run: the SDK's own container targets say so, offline (base images cannot be pulled here).
/// </summary>
public sealed class ApiImageTests
{
    [Fact]
    public async Task The_api_image_is_the_native_aot_binary_on_a_base_without_the_dotnet_runtime()
    {
        var result = await ToolRun.RunAsync("dotnet",
            ["msbuild", Path.Combine(RepositoryConfig.Root, "MonitoringStack.Api", "MonitoringStack.Api.csproj"), "-nologo",
             "-p:Configuration=Release", "-p:RuntimeIdentifier=linux-x64", "-t:ComputeContainerBaseImage",
             "-getProperty:PublishAot", "-getProperty:ContainerBaseImage"],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());

        var properties = JsonDocument.Parse(result.Output).RootElement.GetProperty("Properties");
        Assert.Equal("true", properties.GetProperty("PublishAot").GetString());
        // runtime-deps: the OS libraries a native binary needs, no .NET runtime (an image of aspnet would mean the JIT build).
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:", properties.GetProperty("ContainerBaseImage").GetString(), StringComparison.Ordinal);
    }
}
