using System.Text.Json;
using System.Text.RegularExpressions;
using MonitoringStack.Experiments.Observation;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Every PromQL expression a provisioned dashboard runs: panel targets, template variable queries and
/// annotation queries, with Grafana's variables substituted the way Grafana does it.
/// </summary>
public static partial class DashboardQueries
{
    /// <summary>
    /// What Grafana uses for $__rate_interval with the datasource's timeInterval of 5 s on a short range:
    /// max($__interval + 5s, 4 x 5s) = 20s.
    /// </summary>
    public const string RateInterval = "20s";

    /// <summary>The annotation every dashboard draws from the AppHost's fault board: one region per fault window.</summary>
    public const string StackFaultsAnnotation = "max by (experiment, fault, target) (monitoringstack_fault_active) == 1";

    public sealed record PanelQuery(string Dashboard, string Panel, string Expression);

    public sealed record Variable(string Name, string Query);

    [GeneratedRegex(@"^label_values\((?:(?<selector>.+),\s*)?(?<label>\w+)\)$")]
    private static partial Regex LabelValues();

    public static IReadOnlyList<string> DashboardFiles { get; } =
        Directory.GetFiles(RepositoryConfig.ConfigPath("grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal).ToArray();

    public static string PathOf(string uid) => DashboardFiles.Single(f => Read(f).GetProperty("uid").GetString() == uid);

    public static IReadOnlyList<PanelQuery> Queries(string file)
    {
        var root = Read(file);
        var title = root.GetProperty("title").GetString()!;
        var queries = new List<PanelQuery>();
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }
            foreach (var target in targets.EnumerateArray())
            {
                queries.Add(new PanelQuery(title, panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
            }
        }
        foreach (var annotation in root.GetProperty("annotations").GetProperty("list").EnumerateArray())
        {
            if (annotation.TryGetProperty("expr", out var expr))
            {
                queries.Add(new PanelQuery(title, $"annotation {annotation.GetProperty("name").GetString()}", expr.GetString()!));
            }
        }
        return queries;
    }

    public static IReadOnlyList<Variable> Variables(string file) =>
        Read(file).GetProperty("templating").GetProperty("list").EnumerateArray()
            .Select(v => new Variable(v.GetProperty("name").GetString()!, v.GetProperty("query").GetProperty("query").GetString()!))
            .ToArray();

    /// <summary>
    /// Resolves the variables in order (later ones may use earlier ones) with label_values against the live
    /// Prometheus; every value is selected, formatted as Grafana formats a multi-value regex: (a|b) (our label values need no regex escaping).
    /// </summary>
    public static async Task<Dictionary<string, string>> ResolveVariablesAsync(string file, PrometheusClient prometheus)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Variables(file))
        {
            var match = LabelValues().Match(Substitute(variable.Query, values));
            Assert.True(match.Success, $"variable {variable.Name}: only label_values(...) queries are supported, got {variable.Query}");
            var selector = match.Groups["selector"].Success ? match.Groups["selector"].Value : "{__name__=~\".+\"}";
            var found = await prometheus.LabelValuesAsync(selector, match.Groups["label"].Value);
            Assert.True(found.Count > 0, $"variable ${variable.Name} has no values: {variable.Query}");
            values[variable.Name] = found.Count == 1 ? found[0] : $"({string.Join('|', found)})";
        }
        return values;
    }

    /// <summary>Variables come from series that appear with the first scrapes; retries until they resolve.</summary>
    public static async Task<Dictionary<string, string>> ResolveVariablesWithRetryAsync(string file, PrometheusClient prometheus, TimeSpan timeout)
    {
        Dictionary<string, string>? values = null;
        var last = "";
        await Eventually.AssertAsync(async () =>
        {
            try
            {
                values = await ResolveVariablesAsync(file, prometheus);
                return true;
            }
            catch (Xunit.Sdk.XunitException e)
            {
                last = e.Message;
                return false;
            }
        }, () => $"the variables of {Path.GetFileName(file)} resolve: {last}", timeout, TimeSpan.FromSeconds(1));
        return values!;
    }

    /// <summary>
    /// Evaluates every query until all return data (rules and rates need a few scrapes first). Invalid
    /// queries fail at once; queries still without data at the deadline are listed with <paramref name="diagnostics"/>.
    /// </summary>
    public static async Task AssertAllHaveDataAsync(PrometheusClient prometheus, (string Name, string Query)[] queries, TimeSpan timeout, Func<string> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var pending = queries;
        await Eventually.AssertAsync(async () =>
        {
            var results = await Task.WhenAll(pending.Select(async q => (q.Name, Result: await prometheus.EvaluateAsync(q.Query))));
            var invalid = results.Where(r => r.Result.IsInvalid).ToArray();
            Assert.True(invalid.Length == 0, "invalid queries:\n" + string.Join("\n", invalid.Select(r => $"[{r.Name}] {r.Result}")));
            pending = [.. results.Where(r => r.Result.HasNoData).Select(r => (r.Name, r.Result.Query))];
            return pending.Length == 0;
        }, () => $"{pending.Length} of {queries.Length} queries have no data:\n"
            + string.Join("\n", pending.Select(q => $"[{q.Name}] {q.Query}")) + "\n" + diagnostics(), timeout, TimeSpan.FromSeconds(2));
    }

    public static string Substitute(string expression, IReadOnlyDictionary<string, string> variables)
    {
        var text = expression.Replace("$__rate_interval", RateInterval, StringComparison.Ordinal)
            .Replace("$__range", "1m", StringComparison.Ordinal)
            .Replace("$__interval", "5s", StringComparison.Ordinal);
        // Longest names first, so $instance is not cut by a shorter $inst.
        foreach (var (name, value) in variables.OrderByDescending(v => v.Key.Length))
        {
            text = text.Replace("$" + name, value, StringComparison.Ordinal);
        }
        return text;
    }

    private static JsonElement Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.Clone();
    }
}
