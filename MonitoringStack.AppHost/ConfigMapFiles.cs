namespace MonitoringStack.AppHost;

/// <summary>
/// The files of a rendered folder as ConfigMap entries. ConfigMap keys cannot contain '/', so nested
/// files (rules/api.yml, provisioning/datasources/x.yml) get a flattened key and keep their relative
/// path through the volume's items.
/// </summary>
public static class ConfigMapFiles
{
    public static IEnumerable<(string Key, string RelativePath, string Content)> Read(string hostPath)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        if (File.Exists(hostPath))
        {
            var fileName = Path.GetFileName(hostPath);
            return [(Key(fileName), fileName, File.ReadAllText(hostPath))];
        }
        if (!Directory.Exists(hostPath))
        {
            throw new DirectoryNotFoundException($"rendered config not found: {hostPath}");
        }
        return Directory.EnumerateFiles(hostPath, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(file =>
            {
                var relative = Path.GetRelativePath(hostPath, file).Replace('\\', '/');
                return (Key(relative), relative, File.ReadAllText(file));
            })
            .ToArray();
    }

    /// <summary>ConfigMap keys allow [-._a-zA-Z0-9]; everything else becomes '_' ("rules/api.yml" -> "rules_api.yml").</summary>
    public static string Key(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var chars = relativePath.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray();
        return new string(chars);
    }
}
