using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Instance;

/// <summary>
/// A background loop that runs its work every interval, or sooner when <see cref="RunSoon"/> is called (a broker
/// asking for a rebalance, a new broker to heartbeat to). Failures are logged and the loop goes on.
/// </summary>
internal sealed class PeriodicWork : IAsyncDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<CancellationToken, Task> _work;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public PeriodicWork(string name, TimeSpan initialDelay, TimeSpan interval, Func<CancellationToken, Task> work, ILogger logger)
    {
        _name = name;
        _work = work;
        _logger = logger;
        _loop = RunAsync(initialDelay, interval);
    }

    public void RunSoon()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another caller woke it first: one run serves both.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync(TimeSpan initialDelay, TimeSpan interval)
    {
        await Task.Yield();
        var wait = initialDelay;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
                await _work(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ClientLog.PeriodicWorkFailed(_logger, ex, _name);
            }
            wait = interval;
        }
    }
}
