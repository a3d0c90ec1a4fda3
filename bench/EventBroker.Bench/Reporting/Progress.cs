using EventBroker.Bench.Processes;

namespace EventBroker.Bench.Reporting;

/// <summary>Where the phases report each second: the progress line on stderr and the timeline behind the charts.</summary>
public sealed class Progress(MemorySampler? gatewayMemory)
{
    public Timeline Timeline { get; } = new();

    public double? GatewayRssMb => gatewayMemory?.CurrentRssMb;

    public void Report(string line) => Console.Error.WriteLine(line + (gatewayMemory?.Status() ?? ""));
}
