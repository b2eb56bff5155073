using System.Globalization;

namespace Basin.Bench;

/// <summary>Throughput and latency percentiles of one closed-loop run.</summary>
public sealed record LoadResult(int Operations, TimeSpan Elapsed, double P50Ms, double P99Ms, int Errors)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    public static LoadResult From(List<double> latenciesMs, TimeSpan elapsed, int errors)
    {
        latenciesMs.Sort();
        double At(double p) => latenciesMs.Count == 0 ? double.NaN : latenciesMs[Math.Min(latenciesMs.Count - 1, (int)(p * latenciesMs.Count))];
        return new LoadResult(latenciesMs.Count, elapsed, At(0.50), At(0.99), errors);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{OpsPerSecond,9:F0} ops/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms{(Errors > 0 ? $"  ({Errors} errors)" : string.Empty)}");
}
