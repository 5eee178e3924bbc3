namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// Gunther's Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1)): σ is contention (the
/// serial fraction), κ is coherency (crosstalk between replicas).
/// </summary>
public sealed record UslFit(double Lambda, double Sigma, double Kappa, double RSquared)
{
    public double Predict(double replicas) =>
        Lambda * replicas / (1 + Sigma * (replicas - 1) + Kappa * replicas * (replicas - 1));

    /// <summary>The replica count where throughput peaks, N* = √((1−σ)/κ); none when κ is 0.</summary>
    public double? PeakReplicas => Kappa > 0 && Sigma < 1 ? Math.Sqrt((1 - Sigma) / Kappa) : null;
}

/// <summary>
/// Fits the USL by linear least squares on the linearised form N/C(N) − 1 = σ(N−1) + κN(N−1), with
/// C(N) = X(N)/X(1), as in Gunther's "Guerrilla Capacity Planning". Coefficients are kept
/// non-negative (a negative σ or κ has no physical meaning; it is noise) by refitting the other alone.
/// Hand-written: no maintained .NET regression package is on the mirror, and the problem is two normal
/// equations.
/// </summary>
public static class UslFitter
{
    public static UslFit Fit(IReadOnlyList<ScalingPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var p in points)
        {
            p.Validate();
        }
        var baseline = points.FirstOrDefault(p => p.Replicas == 1)
            ?? throw new ArgumentException("the USL fit needs a measurement at 1 replica (λ = X(1))");
        if (baseline.ThroughputRps <= 0)
        {
            throw new ArgumentException("throughput at 1 replica is zero: nothing to fit");
        }
        var lambda = baseline.ThroughputRps;
        var rows = points.Where(p => p.Replicas > 1 && p.ThroughputRps > 0)
            .Select(p =>
            {
                double n = p.Replicas;
                var capacity = p.ThroughputRps / lambda;
                return (X1: n - 1, X2: n * (n - 1), Y: n / capacity - 1);
            })
            .ToArray();
        if (rows.Length == 0)
        {
            throw new ArgumentException("the USL fit needs at least one measurement above 1 replica");
        }

        var (sigma, kappa) = SolveNonNegative(rows);
        var fit = new UslFit(lambda, sigma, kappa, 0);
        return fit with { RSquared = RSquared(points, fit) };
    }

    private static (double Sigma, double Kappa) SolveNonNegative((double X1, double X2, double Y)[] rows)
    {
        double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
        foreach (var (x1, x2, y) in rows)
        {
            s11 += x1 * x1;
            s12 += x1 * x2;
            s22 += x2 * x2;
            s1y += x1 * y;
            s2y += x2 * y;
        }
        var det = s11 * s22 - s12 * s12;
        if (rows.Length >= 2 && Math.Abs(det) > 1e-12)
        {
            var sigma = (s1y * s22 - s2y * s12) / det;
            var kappa = (s2y * s11 - s1y * s12) / det;
            if (sigma >= 0 && kappa >= 0)
            {
                return (sigma, kappa);
            }
        }
        // Constrained: best of "κ only" and "σ only", each clamped at zero.
        var sigmaOnly = Math.Max(0, s1y / s11);
        var kappaOnly = Math.Max(0, s2y / s22);
        var errorSigmaOnly = rows.Sum(r => Math.Pow(r.Y - sigmaOnly * r.X1, 2));
        var errorKappaOnly = rows.Sum(r => Math.Pow(r.Y - kappaOnly * r.X2, 2));
        return errorSigmaOnly <= errorKappaOnly ? (sigmaOnly, 0) : (0, kappaOnly);
    }

    private static double RSquared(IReadOnlyList<ScalingPoint> points, UslFit fit)
    {
        var mean = points.Average(p => p.ThroughputRps);
        var total = points.Sum(p => Math.Pow(p.ThroughputRps - mean, 2));
        var residual = points.Sum(p => Math.Pow(p.ThroughputRps - fit.Predict(p.Replicas), 2));
        return total <= 0 ? 1 : 1 - residual / total;
    }
}
