namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// One message at a time per queue, in queue order, while this member holds the broker's lock on the queue
/// (ConsumeMessageOrderlyService). A failed message suspends the queue and is handed out again; once it reaches
/// MaxReconsumeTimes it is sent to the retry topic, which the broker turns into the DLQ.
/// </summary>
internal sealed class OrderlyConsumeService : IConsumeService
{
    private static readonly TimeSpan RelockSoon = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan RelockLater = TimeSpan.FromSeconds(3);

    private readonly ConsumeContext _context;

    public OrderlyConsumeService(ConsumeContext context)
    {
        _context = context;
    }

    public void Submit(IReadOnlyList<ReceivedMessage> messages, ProcessQueue queue, bool dispatch)
    {
        if (dispatch)
        {
            _ = ConsumeQueueAsync(queue, TimeSpan.Zero);
        }
    }

    private async Task ConsumeQueueAsync(ProcessQueue queue, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _context.Stopping).ConfigureAwait(false);
            }
            await queue.ConsumeGate.WaitAsync(_context.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            queue.StopConsuming();
            return;
        }
        try
        {
            await RunAsync(queue).ConfigureAwait(false);
        }
        finally
        {
            queue.ConsumeGate.Release();
        }
    }

    private async Task RunAsync(ProcessQueue queue)
    {
        while (true)
        {
            if (queue.Dropped || _context.Stopping.IsCancellationRequested)
            {
                queue.StopConsuming();
                return;
            }
            if (_context.Clustering && (!queue.Locked || queue.LockExpired))
            {
                // tryLockLaterAndReconsume: consuming without the broker's lock could interleave with another member.
                var locked = await _context.Locks.TryLockAsync(queue, CancellationToken.None).ConfigureAwait(false);
                _ = ConsumeQueueAsync(queue, locked ? RelockSoon : RelockLater);
                return;
            }
            var batch = queue.Take(1);
            if (batch.Count == 0)
            {
                return;
            }
            var message = batch[0];
            var result = await _context.InvokeHandlerAsync(message).ConfigureAwait(false);
            queue.LastConsume = DateTimeOffset.UtcNow;
            if (result is not { } outcome)
            {
                queue.Restore(batch);
                queue.StopConsuming();
                return;
            }
            if (queue.Dropped)
            {
                return;
            }
            if (!outcome.IsSuccess && await ShouldSuspendAsync(message).ConfigureAwait(false))
            {
                queue.Restore(batch);
                _ = ConsumeQueueAsync(queue, outcome.SuspendFor ?? _context.Options.SuspendCurrentQueueTime);
                return;
            }
            var offset = queue.Commit();
            if (offset >= 0)
            {
                _context.Offsets.Update(queue.Queue, offset, increaseOnly: false);
            }
        }
    }

    /// <summary>checkReconsumeTimes: below the maximum the queue suspends; at it the message goes to the DLQ via the retry topic.</summary>
    private async Task<bool> ShouldSuspendAsync(ReceivedMessage message)
    {
        if (message.ReconsumeTimes >= _context.Options.EffectiveMaxReconsumeTimes
            && await _context.SendBack.SendToRetryTopicAsync(message, CancellationToken.None).ConfigureAwait(false))
        {
            return false;
        }
        message.ReconsumeTimes++;
        return true;
    }
}
