namespace EventBroker.Bench.Processes;

/// <summary>
/// Samples the gateway's VmRSS and VmHWM every 500 ms. VmHWM is the kernel's own peak, so a spike between
/// samples is still caught; the sampled RSS shows where memory sits while the load runs.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(SampleAsync);
    }

    public double CurrentRssMb { get; private set; }
    public double PeakRssMb { get; private set; }
    public double MaxSampledRssMb { get; private set; }

    public string Status() => FormattableString.Invariant($"  gw rss {CurrentRssMb,6:F0} MB (peak {PeakRssMb:F0})");

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        do
        {
            Sample();
        }
        while (await WaitAsync(timer).ConfigureAwait(false));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Sample()
    {
        if (ProcStats.Memory(_pid) is not var (rss, hwm))
        {
            return;
        }
        CurrentRssMb = rss;
        MaxSampledRssMb = Math.Max(MaxSampledRssMb, rss);
        PeakRssMb = Math.Max(hwm, MaxSampledRssMb);
    }

    public async ValueTask DisposeAsync()
    {
        Sample();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
