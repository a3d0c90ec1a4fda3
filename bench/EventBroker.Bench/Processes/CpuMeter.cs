using System.Diagnostics;

namespace EventBroker.Bench.Processes;

/// <summary>
/// CPU seconds of this generator, of the gateway (per thread too) and of the whole machine over a window, to
/// show which side was busy and whether something else competed for the cores; plus what the generator
/// allocated, to show its send path stays allocation-free.
/// </summary>
public sealed class CpuMeter(int? gatewayPid)
{
    private const int TopThreads = 6;

    public sealed record Snapshot(
        long Timestamp,
        double Generator,
        double? Gateway,
        long GeneratorAllocated,
        double MachineBusy,
        double MachineIoWait,
        Dictionary<int, (string Name, double Seconds)> GatewayThreads);

    public Snapshot Take()
    {
        var (busy, ioWait) = ProcStats.MachineCpuSeconds();
        return new Snapshot(
            Stopwatch.GetTimestamp(),
            ProcStats.CpuSeconds(Environment.ProcessId) ?? 0,
            gatewayPid is int pid ? ProcStats.CpuSeconds(pid) : null,
            GC.GetTotalAllocatedBytes(),
            busy,
            ioWait,
            gatewayPid is int p ? ProcStats.ThreadCpuSeconds(p) : []);
    }

    public static CpuWindow Between(Snapshot from, Snapshot to) => new(
        Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds,
        to.Generator - from.Generator,
        to.Gateway - from.Gateway,
        to.GeneratorAllocated - from.GeneratorAllocated,
        to.MachineBusy - from.MachineBusy,
        to.MachineIoWait - from.MachineIoWait,
        BusiestThreads(from.GatewayThreads, to.GatewayThreads));

    /// <summary>Gateway CPU by thread name (pool threads share one), busiest first.</summary>
    private static IReadOnlyList<ThreadCpu> BusiestThreads(
        Dictionary<int, (string Name, double Seconds)> from, Dictionary<int, (string Name, double Seconds)> to) =>
        to.Select(t => (t.Value.Name, Seconds: t.Value.Seconds - (from.TryGetValue(t.Key, out var f) ? f.Seconds : 0)))
            .GroupBy(t => t.Name)
            .Select(g => new ThreadCpu(g.Key, g.Count(), g.Sum(t => t.Seconds)))
            .Where(t => t.CpuSeconds > 0)
            .OrderByDescending(t => t.CpuSeconds)
            .Take(TopThreads)
            .ToList();
}

/// <summary>Threads of one name, how many there were, and the CPU seconds they used together.</summary>
public sealed record ThreadCpu(string Name, int Threads, double CpuSeconds);

/// <summary>CPU seconds spent during <see cref="WallSeconds"/>; divided by it, the cores each side kept busy.</summary>
public sealed record CpuWindow(
    double WallSeconds,
    double GeneratorCpuSeconds,
    double? GatewayCpuSeconds,
    long GeneratorAllocatedBytes,
    double MachineBusyCpuSeconds,
    double MachineIoWaitSeconds,
    IReadOnlyList<ThreadCpu> GatewayThreads)
{
    public double GeneratorCores => Cores(GeneratorCpuSeconds);
    public double? GatewayCores => GatewayCpuSeconds is double g ? Cores(g) : null;
    public double MachineBusyCores => Cores(MachineBusyCpuSeconds);

    /// <summary>Busy time of everything else on the machine: other builds and tests compete for the same cores.</summary>
    public double OtherCores => Math.Max(0, Cores(MachineBusyCpuSeconds - GeneratorCpuSeconds - (GatewayCpuSeconds ?? 0)));

    private double Cores(double seconds) => WallSeconds > 0 ? seconds / WallSeconds : 0;
}
