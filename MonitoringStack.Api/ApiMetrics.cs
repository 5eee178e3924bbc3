using System.Diagnostics.Metrics;

namespace MonitoringStack.Api;

/// <summary>
/// The API's own instruments (business and saturation metrics). HTTP request count, latency and
/// errors come from the standard ASP.NET Core instrumentation (<c>http_server_request_duration_seconds</c>).
/// Names follow OpenTelemetry conventions; the Prometheus exporter turns dots into underscores and
/// appends unit and <c>_total</c> suffixes (see docs/metrics.md for the exposed names).
/// </summary>
public sealed class ApiMetrics
{
    private readonly Counter<long> _ordersProcessed;
    private readonly Histogram<double> _orderValue;
    private readonly Counter<long> _workShed;
    private readonly Counter<long> _requestsFailed;
    private int _queueDepth;
    private int _inProgress;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryMeters.Api);
        // monitoringstack_orders_processed_total{order_category}
        _ordersProcessed = meter.CreateCounter<long>("monitoringstack.orders.processed", unit: "{order}",
            description: "Orders that POST /process completed.");
        // monitoringstack_order_value_{bucket,sum,count}
        _orderValue = meter.CreateHistogram<double>("monitoringstack.order.value", unit: "{EUR}",
            description: "Value of completed orders.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
        // monitoringstack_work_shed_total{reason}
        _workShed = meter.CreateCounter<long>("monitoringstack.work.shed", unit: "{request}",
            description: "Requests rejected with 503 because the instance was at capacity.");
        // monitoringstack_requests_failed_total{http_route,error_type}
        _requestsFailed = meter.CreateCounter<long>("monitoringstack.requests.failed", unit: "{request}",
            description: "Requests answered with a 5xx status, by route template and cause (injected, shed, exception, server_error).");
        // monitoringstack_work_queue_depth
        meter.CreateObservableGauge("monitoringstack.work.queue_depth", () => Volatile.Read(ref _queueDepth), unit: "{request}",
            description: "Work items waiting for a processing slot.");
        // monitoringstack_work_in_progress
        meter.CreateObservableGauge("monitoringstack.work.in_progress", () => Volatile.Read(ref _inProgress), unit: "{request}",
            description: "Work items being processed.");
    }

    public void OrderProcessed(string category, double value)
    {
        var tag = new KeyValuePair<string, object?>("order_category", category);
        _ordersProcessed.Add(1, tag);
        _orderValue.Record(value, tag);
    }

    public void WorkShed(string reason) => _workShed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="route">The route template (e.g. <c>/data/{id}</c>), never the raw path: bounded cardinality.</param>
    /// <param name="errorType">One of <see cref="MonitoringStack.Api.Telemetry.ErrorTypes"/>.</param>
    public void RequestFailed(string route, string errorType) => _requestsFailed.Add(1,
        new KeyValuePair<string, object?>("http_route", route),
        new KeyValuePair<string, object?>("error_type", errorType));

    public void QueueDepthChanged(int delta) => Interlocked.Add(ref _queueDepth, delta);

    public void InProgressChanged(int delta) => Interlocked.Add(ref _inProgress, delta);
}
