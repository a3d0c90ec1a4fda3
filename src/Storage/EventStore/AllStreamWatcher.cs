using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos.Streams;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// Learns of appends made through any gateway: a catch-up subscription to $all, filtered server-side on the stream-name
/// prefix, that reports each event as StreamAppended(stream, revision + 1) the moment the server pushes it. Checkpoints
/// and events move its resume position, so after a drop it resubscribes from where it stopped (exclusive) and nothing
/// in between is missed; it starts from the log end found at open.
/// </summary>
internal sealed class AllStreamWatcher(IEventStoreClient client, AppendSignals signals, PositionWatermark watermark, string prefix, ILogger logger) : IAsyncDisposable
{
    // The server examines this many events per page and sends a checkpoint after each page it filtered away.
    private const uint Window = 32;
    private const uint CheckpointMultiplier = 1;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task? _loop;
    private (ulong Commit, ulong Prepare)? _resumeAfter;

    /// <summary>Where the subscription resumes from (exclusive); null subscribes from the end.</summary>
    public (ulong Commit, ulong Prepare)? ResumeAfter
    {
        get
        {
            lock (_gate)
            {
                return _resumeAfter;
            }
        }
        set
        {
            lock (_gate)
            {
                _resumeAfter = value;
            }
        }
    }

    /// <summary>Raised once per (re)connection when the server confirms the subscription; for tests and health.</summary>
    public event Action? Confirmed;

    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_loop is null && !_stop.IsCancellationRequested)
            {
                _loop = Task.Run(RunAsync);
            }
        }
    }

    private async Task RunAsync()
    {
        var delay = FirstDelay;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var request = StreamsRequests.SubscribeToAll([prefix], ResumeAfter, Window, CheckpointMultiplier);
                await foreach (var message in client.SubscribeAsync(request, _stop.Token).ConfigureAwait(false))
                {
                    if (Handle(message))
                    {
                        delay = FirstDelay;
                    }
                }
                EventStoreStoreLog.WatchDropped(logger, prefix, "the server ended the subscription", delay.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                EventStoreStoreLog.WatchDropped(logger, prefix, ex.Message, delay.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }

    /// <summary>Returns true for the confirmation, which proves the connection works.</summary>
    private bool Handle(ReadResp message)
    {
        switch (message.ContentCase)
        {
            case ReadResp.ContentOneofCase.Confirmation:
                var from = ResumeAfter is { } p ? $"{p.Commit}/{p.Prepare}" : "the end";
                EventStoreStoreLog.WatchLive(logger, prefix, message.Confirmation.SubscriptionId, from);
                Confirmed?.Invoke();
                return true;
            case ReadResp.ContentOneofCase.Event:
                var e = message.Event.Event;
                ResumeAfter = (e.CommitPosition, e.PreparePosition);
                watermark.Observe(e.PreparePosition);
                signals.Publish(EventRecordFormat.StreamOf(e), (long)e.StreamRevision + 1);
                return false;
            case ReadResp.ContentOneofCase.Checkpoint:
                ResumeAfter = (message.Checkpoint.CommitPosition, message.Checkpoint.PreparePosition);
                return false;
            default:
                return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            _stop.Cancel();
            loop = _loop;
        }
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
