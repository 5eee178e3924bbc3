// The Aspire composition of the MonitoringStack: N API replicas (each its own scrape target),
// Prometheus, Alertmanager, Grafana, Nginx and the exporters as containers (or, without a container
// runtime, Prometheus/Alertmanager/Nginx as host executables), and the load generator. Ports, names
// and the replica count come from config/topology.json; every config file is rendered from config/.
using MonitoringStack.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var stack = StackSettings.Load(builder);
var parameters = StackParameters.Add(builder, stack);
var rendered = StackConfiguration.Render(stack);

var apis = builder.AddApiReplicas(stack, parameters);

var nginx = stack.InfrastructureAs == InfrastructureKind.Executables
    ? builder.AddInfrastructureExecutables(stack, rendered, apis)
    : builder.AddInfrastructureContainers(stack, rendered, parameters, apis);

builder.AddLoadGenerator(stack, nginx);

builder.Build().Run();
