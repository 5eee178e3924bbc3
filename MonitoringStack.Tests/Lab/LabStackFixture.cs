using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Tests.Lab;

/// <summary>
/// One real stack (2 API replicas, nginx, Prometheus, Alertmanager, both exporters) shared by the
/// end-to-end tests of <see cref="LabStackTests"/>: starting it costs ~10-20 s on two cores.
/// </summary>
public sealed class LabStackFixture : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("lab-e2e-state-").FullName;

    public LocalStack Stack { get; private set; } = null!;
    internal PrometheusApi Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Four consecutive replica ports: the scaling test goes from 2 to 4.
        Stack = await LocalStack.StartAsync(LabTestStack.Options(replicas: 2, replicaPortBlock: 4, _state));
        Prometheus = new PrometheusApi(Stack.PrometheusUrl);
    }

    public async Task DisposeAsync()
    {
        Prometheus?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        Directory.Delete(_state, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class LabStackGroup : ICollectionFixture<LabStackFixture>
{
    public const string Name = "lab-stack";
}
