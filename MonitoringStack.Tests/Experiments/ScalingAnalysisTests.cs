using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

public class ScalingAnalysisTests
{
    private static readonly int[] ReplicaCounts = [1, 2, 4, 8, 16];

    [Fact]
    public void Linear_scaling_has_efficiency_one()
    {
        var series = ScalingEfficiency.Series([new(1, 80), new(2, 160), new(4, 320)]);

        Assert.All(series, p => Assert.Equal(1.0, p.Efficiency, 6));
    }

    [Fact]
    public void Efficiency_is_throughput_over_n_times_single_replica_throughput()
    {
        var efficiency = ScalingEfficiency.Of(new ScalingPoint(4, 288), new ScalingPoint(1, 80));

        Assert.Equal(0.9, efficiency, 6);
    }

    [Fact]
    public void Efficiency_with_zero_baseline_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ScalingEfficiency.Of(new ScalingPoint(2, 10), new ScalingPoint(1, 0)));
    }

    [Fact]
    public void Usl_fit_recovers_known_coefficients()
    {
        var truth = new UslFit(Lambda: 100, Sigma: 0.05, Kappa: 0.002, RSquared: 1);
        var points = ReplicaCounts.Select(n => new ScalingPoint(n, truth.Predict(n))).ToArray();

        var fit = UslFitter.Fit(points);

        Assert.Equal(100, fit.Lambda, 6);
        Assert.Equal(0.05, fit.Sigma, 6);
        Assert.Equal(0.002, fit.Kappa, 6);
        Assert.Equal(1.0, fit.RSquared, 6);
        Assert.Equal(Math.Sqrt(0.95 / 0.002), fit.PeakReplicas!.Value, 6);
    }

    [Fact]
    public void Usl_fit_of_superlinear_noise_clamps_to_zero_rather_than_negative()
    {
        // 4 replicas slightly better than linear: the unconstrained fit would give negative σ.
        var fit = UslFitter.Fit([new(1, 80), new(2, 161), new(4, 324)]);

        Assert.True(fit.Sigma >= 0);
        Assert.True(fit.Kappa >= 0);
        Assert.Null(fit.Kappa > 0 ? null : fit.PeakReplicas);
    }

    [Fact]
    public void Usl_fit_needs_a_single_replica_measurement()
    {
        var error = Assert.Throws<ArgumentException>(() => UslFitter.Fit([new(2, 160), new(4, 300)]));
        Assert.Contains("1 replica", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usl_fit_needs_more_than_one_point()
    {
        Assert.Throws<ArgumentException>(() => UslFitter.Fit([new(1, 80)]));
    }
}
