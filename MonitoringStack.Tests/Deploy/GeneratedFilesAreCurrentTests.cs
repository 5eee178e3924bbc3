using MonitoringStack.Deploy;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// The golden test of deploy/: what MonitoringStack.Deploy computes from config/, the topology and
/// experiments/ is what is committed. A change to config/ without re-running the generator fails here
/// with the command that fixes it.
/// </summary>
public sealed class GeneratedFilesAreCurrentTests
{
    private const string Fix = "run `dotnet run --project MonitoringStack.Deploy` and commit deploy/";

    [Fact]
    public void Every_generated_file_is_committed_as_generated()
    {
        var files = DeployGenerator.Generate(RepositoryConfig.Root);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var path = Path.Combine(RepositoryConfig.Root, file.RelativePath);
            Assert.True(File.Exists(path), $"{file.RelativePath} is missing: {Fix}");
            Assert.True(File.ReadAllText(path) == file.Content, $"{file.RelativePath} is stale: {Fix}");
        }
    }

    [Fact]
    public void No_generated_folder_holds_a_file_the_generator_no_longer_writes()
    {
        var files = DeployGenerator.Generate(RepositoryConfig.Root).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var folders = files.Where(f => f.Contains("/generated/", StringComparison.Ordinal))
            .Select(f => f[..f.IndexOf("/generated/", StringComparison.Ordinal)] + "/generated").Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var onDisk in Directory.EnumerateFiles(Path.Combine(RepositoryConfig.Root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryConfig.Root, onDisk).Replace('\\', '/');
                Assert.True(files.Contains(relative), $"{relative} is left over from an earlier generation: delete it");
            }
        }
    }
}
