using System.Diagnostics.Metrics;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// The generator's own instruments on meter <c>MonitoringStack.LoadGen</c>, so dashboards show what
/// users experienced next to what the server saw. Exposed by the Prometheus exporter as
/// <c>loadgen_requests_total{outcome,endpoint}</c>, <c>loadgen_request_duration_seconds_*{endpoint}</c>,
/// <c>loadgen_errors_total{kind,endpoint}</c>, <c>loadgen_dropped_iterations_total</c>,
/// <c>loadgen_target_rate</c> and <c>loadgen_active_vus</c> (docs/metrics.md; a Grafana dashboard
/// queries exactly these names).
/// </summary>
public sealed class LoadGenMetrics : IDisposable
{
    /// <summary>The meter's name: the one the service defaults export as <c>TelemetryMeters.LoadGen</c> (WorkerTests keeps the two equal).</summary>
    public const string MeterName = "MonitoringStack.LoadGen";

    /// <summary>Seconds; the ASP.NET Core server histogram's boundaries, so client and server line up on one chart.</summary>
    private static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _dropped;
    private double _targetRate;
    private int _activeUsers;

    /// <summary>With a meter from the host's factory (the worker), so its exporter sees the instruments.</summary>
    public LoadGenMetrics(IMeterFactory meterFactory)
        : this(meterFactory?.Create(MeterName) ?? throw new ArgumentNullException(nameof(meterFactory)), owned: false)
    {
    }

    /// <summary>Standalone (library use): the instruments still reach any MeterListener or OpenTelemetry provider.</summary>
    public LoadGenMetrics()
        : this(new Meter(MeterName), owned: true)
    {
    }

    private LoadGenMetrics(Meter meter, bool owned)
    {
        _ownedMeter = owned ? meter : null;
        _requests = meter.CreateCounter<long>("loadgen.requests", unit: "{request}",
            description: "Requests that finished, by outcome (success|error) and endpoint.");
        _duration = meter.CreateHistogram("loadgen.request.duration", unit: "s",
            description: "Client-side latency from the intended send time (queueing included) to the last byte of the answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _errors = meter.CreateCounter<long>("loadgen.errors", unit: "{request}",
            description: "Failed requests by kind (status|timeout|connection) and endpoint.");
        _dropped = meter.CreateCounter<long>("loadgen.dropped_iterations", unit: "{iteration}",
            description: "Scheduled arrivals not sent because the in-flight limit was reached.");
        // No unit: the exporter would otherwise append a suffix and the dashboard's names would not match.
        meter.CreateObservableGauge("loadgen.target_rate", () => Volatile.Read(ref _targetRate),
            description: "Arrival rate the generator is asked for, requests per second (0 in closed-model phases).");
        meter.CreateObservableGauge("loadgen.active_vus", () => Volatile.Read(ref _activeUsers),
            description: "Virtual users busy now: requests in flight (open model) or users (closed model).");
        // Zero-valued series from the start, so rate() over them is 0 instead of "no data".
        _dropped.Add(0);
    }

    public double TargetRate
    {
        get => Volatile.Read(ref _targetRate);
        set => Volatile.Write(ref _targetRate, value);
    }

    public int ActiveUsers
    {
        get => Volatile.Read(ref _activeUsers);
        set => Volatile.Write(ref _activeUsers, value);
    }

    /// <summary>Creates the zero-valued error series of an endpoint so error-rate panels read 0, not "no data".</summary>
    public void DeclareEndpoint(string endpoint)
    {
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            _errors.Add(0, new("kind", kind.Label()), new("endpoint", endpoint));
        }
        _requests.Add(0, new("outcome", "success"), new("endpoint", endpoint));
        _requests.Add(0, new("outcome", "error"), new("endpoint", endpoint));
    }

    internal void Answered(string endpoint, int statusCode, double seconds)
    {
        var endpointTag = new KeyValuePair<string, object?>("endpoint", endpoint);
        _duration.Record(seconds, endpointTag);
        if (statusCode >= 400)
        {
            Failed(endpoint, ErrorKind.Status);
        }
        else
        {
            _requests.Add(1, new("outcome", "success"), endpointTag);
        }
    }

    internal void Failed(string endpoint, ErrorKind kind)
    {
        var endpointTag = new KeyValuePair<string, object?>("endpoint", endpoint);
        _requests.Add(1, new("outcome", "error"), endpointTag);
        _errors.Add(1, new("kind", kind.Label()), endpointTag);
    }

    internal void Dropped() => _dropped.Add(1);

    public void Dispose() => _ownedMeter?.Dispose();
}
