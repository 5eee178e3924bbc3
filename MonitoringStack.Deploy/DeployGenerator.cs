using MonitoringStack.Deploy.Kubernetes;
using MonitoringStack.Topology;

namespace MonitoringStack.Deploy;

/// <summary>Every generated file under deploy/, computed from the repository; writing is the caller's job.</summary>
public static class DeployGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(string repositoryRoot)
    {
        var topology = StackTopology.Load(Path.Combine(repositoryRoot, "config", "topology.json"));
        var autoscaling = AutoscalingPolicy.Load(repositoryRoot, topology.MaxReplicas);
        var files = KubernetesBaseFiles.Generate(topology, repositoryRoot).ToList();
        files.Add(ApiHpaPatch.Generate(autoscaling));
        var clusterPrometheus = files.Single(f => f.RelativePath == KubernetesBaseFiles.Folder + "/prometheus.yml").Content;
        files.AddRange(PrometheusOperatorFiles.Generate(repositoryRoot, clusterPrometheus));
        files.AddRange(KedaFiles.Generate(topology, autoscaling));
        files.AddRange(ShardedOverlayFiles.Generate(topology, repositoryRoot));
        files.AddRange(ChaosMesh.ChaosMeshFiles.Generate(topology, repositoryRoot));
        files.AddRange(Compose.ComposeFiles.Generate(topology, repositoryRoot));
        return files;
    }

    /// <summary>Writes the files; returns those whose content changed.</summary>
    public static IReadOnlyList<string> Write(string repositoryRoot, IEnumerable<GeneratedFile> files)
    {
        var changed = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(repositoryRoot, file.RelativePath);
            if (File.Exists(path) && File.ReadAllText(path) == file.Content)
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
            changed.Add(file.RelativePath);
        }
        return changed;
    }
}
