using System.Net.Http.Headers;
using System.Text;

namespace MonitoringStack.Load.Engine;

/// <summary>The profile's requests, ready to send: weighted choice, target-relative URIs, per-endpoint stats.</summary>
internal sealed class RequestMix
{
    private readonly MixEntry[] _entries;
    private readonly double[] _cumulativeWeights;

    public RequestMix(IReadOnlyList<RequestSpec> specs, Uri target)
    {
        if (specs.Count == 0)
        {
            throw new ArgumentException("the request mix is empty", nameof(specs));
        }
        var baseAddress = target.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _entries = specs.Select(spec => new MixEntry(spec, baseAddress)).ToArray();
        _cumulativeWeights = new double[_entries.Length];
        double sum = 0;
        for (var i = 0; i < _entries.Length; i++)
        {
            sum += Math.Max(0, specs[i].Weight);
            _cumulativeWeights[i] = sum;
        }
        if (sum <= 0)
        {
            throw new ArgumentException("the request mix has no positive weight", nameof(specs));
        }
    }

    public IReadOnlyList<MixEntry> Entries => _entries;

    public MixEntry Pick()
    {
        if (_entries.Length == 1)
        {
            return _entries[0];
        }
        var point = Random.Shared.NextDouble() * _cumulativeWeights[^1];
        var index = Array.BinarySearch(_cumulativeWeights, point);
        index = index < 0 ? ~index : index + 1;
        return _entries[Math.Min(index, _entries.Length - 1)];
    }
}

/// <summary>One request kind of the mix with what can be computed once (method, constant URI and body).</summary>
internal sealed class MixEntry
{
    private readonly RequestSpec _spec;
    private readonly string _baseAddress;
    private readonly HttpMethod _method;
    private readonly Uri? _constantUri;
    private readonly byte[]? _constantBody;

    public MixEntry(RequestSpec spec, string baseAddress)
    {
        _spec = spec;
        _baseAddress = baseAddress;
        _method = HttpMethod.Parse(spec.Method);
        Label = spec.EndpointLabel;
        if (spec.PathTemplate.IsConstant)
        {
            _constantUri = new Uri(baseAddress + spec.PathTemplate.Render());
        }
        if (spec.BodyTemplate is { IsConstant: true } body)
        {
            _constantBody = Encoding.UTF8.GetBytes(body.Render());
        }
    }

    public string Label { get; }

    public StatsRecorder Stats { get; } = new();

    public HttpRequestMessage CreateRequest()
    {
        var request = _constantUri is not null
            ? new HttpRequestMessage(_method, _constantUri)
            : new HttpRequestMessage(_method, _baseAddress + _spec.PathTemplate.Render());
        if (_spec.BodyTemplate is not null)
        {
            var bytes = _constantBody ?? Encoding.UTF8.GetBytes(_spec.BodyTemplate.Render());
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(_spec.ContentType);
        }
        return request;
    }
}
