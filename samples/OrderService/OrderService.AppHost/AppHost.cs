// The order service, monitored: two replicas behind Nginx, each scraped by Prometheus, whose alerts
// Alertmanager sends to a receiver that records them; Grafana shows the dashboards of dashboards/.
var builder = DistributedApplication.CreateBuilder(args);

var orders = builder.AddReplicas<Projects.OrderService>("orders", replicas: 2);
var receiver = builder.AddAlertReceiver("alert-receiver");
var alertmanager = builder.AddAlertmanager("alertmanager").WithReceiver(receiver);
var prometheus = builder.AddPrometheus("prometheus")
    .WithScrapeTarget(orders)
    .WithRuleFile("rules/orders.rules.yml")
    .WithAlertmanager(alertmanager);
builder.AddGrafana("grafana").WithDatasource(prometheus).WithDashboards("dashboards");
builder.AddNginxLoadBalancer("nginx").WithUpstream(orders);

builder.Build().Run();
