using System.Text;

namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// Writes a file so readers never see half of it: write a temporary file in the same folder, then
/// rename it over the target (rename(2) is atomic on one file system). Prometheus' file_sd watcher and
/// an nginx reload therefore read either the old list or the new one.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))
            ?? throw new ArgumentException($"no folder in path {path}", nameof(path));
        Directory.CreateDirectory(directory);
        // Leading dot and .tmp suffix: no glob such as targets/api*.json or *.yml picks the half-written file up.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, contents, Utf8NoBom);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
