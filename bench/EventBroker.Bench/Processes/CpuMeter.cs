using System.Diagnostics;

namespace EventBroker.Bench.Processes;

/// <summary>
/// CPU seconds of this generator and of the gateway over a window, to show which side was busy, plus what the
/// generator allocated, to show its send path stays allocation-free.
/// </summary>
public sealed class CpuMeter(int? gatewayPid)
{
    public readonly record struct Snapshot(long Timestamp, double Generator, double? Gateway, long GeneratorAllocated);

    public Snapshot Take() => new(Stopwatch.GetTimestamp(), ProcStats.CpuSeconds(Environment.ProcessId) ?? 0,
        gatewayPid is int pid ? ProcStats.CpuSeconds(pid) : null, GC.GetTotalAllocatedBytes());

    public static CpuWindow Between(Snapshot from, Snapshot to) => new(
        Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds,
        to.Generator - from.Generator,
        to.Gateway - from.Gateway,
        to.GeneratorAllocated - from.GeneratorAllocated);
}

/// <summary>CPU seconds spent during <see cref="WallSeconds"/>; divided by it, the cores each side kept busy.</summary>
public sealed record CpuWindow(double WallSeconds, double GeneratorCpuSeconds, double? GatewayCpuSeconds, long GeneratorAllocatedBytes)
{
    public double GeneratorCores => WallSeconds > 0 ? GeneratorCpuSeconds / WallSeconds : 0;
    public double? GatewayCores => WallSeconds > 0 ? GatewayCpuSeconds / WallSeconds : null;
}
