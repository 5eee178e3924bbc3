namespace MonitoringStack.AppHost;

/// <summary>What the API replicas run (<see cref="StackSettings.ReplicaBuildKey"/>).</summary>
public enum ReplicaBuild
{
    /// <summary>The API's Native AOT binary, published by the AppHost's build (MonitoringStack.AppHost.csproj, PublishApiNative).</summary>
    Native,

    /// <summary><c>dotnet MonitoringStack.Api.dll</c>, the API's build output in the AppHost's configuration.</summary>
    Assembly,
}
