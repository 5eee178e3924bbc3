using System.Text.Json;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Compare;

/// <summary>Reads a run to compare: its folder or its results.json, schema 4 or later.</summary>
public static class ResultsFile
{
    public const int OldestReadable = 4;

    /// <summary>The results.json a run argument names: the file itself, or the one in the folder.</summary>
    public static string PathOf(string run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Directory.Exists(run) ? Path.Combine(run, "results.json") : run;
    }

    /// <exception cref="CompareInputException">Missing, unreadable or truncated, or of a schema this version does not read.</exception>
    public static SuiteResult Load(string run)
    {
        var file = PathOf(run);
        if (!File.Exists(file))
        {
            throw new CompareInputException(Directory.Exists(run) ? $"{run}: the folder has no results.json" : $"{run}: no such file or folder");
        }
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CompareInputException($"{file}: cannot be read ({ex.Message})", ex);
        }
        int schema;
        try
        {
            using var document = JsonDocument.Parse(json);
            schema = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("schemaVersion", out var version) && version.TryGetInt32(out var v)
                ? v
                : throw new CompareInputException($"{file}: not a results.json (no schemaVersion)");
        }
        catch (JsonException ex)
        {
            throw new CompareInputException($"{file}: not readable JSON, truncated or damaged ({ex.Message})", ex);
        }
        if (schema < OldestReadable || schema > SuiteResult.CurrentSchemaVersion)
        {
            throw new CompareInputException($"{file}: results.json schema {schema}; this version compares schemas {OldestReadable} to {SuiteResult.CurrentSchemaVersion}");
        }
        try
        {
            return SuiteResult.FromJson(json);
        }
        catch (JsonException ex)
        {
            throw new CompareInputException($"{file}: not a complete results.json ({ex.Message})", ex);
        }
    }
}
