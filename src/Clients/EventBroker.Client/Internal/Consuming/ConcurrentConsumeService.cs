namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// Any number of a queue's messages consumed at once, up to ConsumeConcurrency overall (ConsumeMessageConcurrentlyService).
/// A failed message is sent back for redelivery; the committed offset is always the lowest one still unconsumed.
/// </summary>
internal sealed class ConcurrentConsumeService : IConsumeService
{
    /// <summary>How long a message whose send-back failed waits before it is handed out again locally.</summary>
    private static readonly TimeSpan LocalRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConsumeContext _context;
    private readonly SemaphoreSlim _slots;

    public ConcurrentConsumeService(ConsumeContext context)
    {
        _context = context;
        _slots = new SemaphoreSlim(context.Options.ConsumeConcurrency, context.Options.ConsumeConcurrency);
    }

    public void Submit(IReadOnlyList<ReceivedMessage> messages, ProcessQueue queue, bool dispatch)
    {
        foreach (var message in messages)
        {
            _ = ConsumeAsync(message, queue, TimeSpan.Zero);
        }
    }

    private async Task ConsumeAsync(ReceivedMessage message, ProcessQueue queue, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _context.Stopping).ConfigureAwait(false);
            }
            await _slots.WaitAsync(_context.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message stays unconsumed and its offset uncommitted, so it is delivered again later.
            return;
        }
        try
        {
            if (queue.Dropped)
            {
                return;
            }
            var result = await _context.InvokeHandlerAsync(message).ConfigureAwait(false);
            queue.LastConsume = DateTimeOffset.UtcNow;
            if (result is not { } outcome || queue.Dropped)
            {
                return;
            }
            await SettleAsync(message, queue, outcome).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>processConsumeResult.</summary>
    private async Task SettleAsync(ReceivedMessage message, ProcessQueue queue, ConsumeResult result)
    {
        if (!result.IsSuccess)
        {
            if (!_context.Clustering)
            {
                ClientLog.BroadcastMessageDropped(_context.Logger, _context.Group, message.MessageId);
            }
            else if (!await _context.SendBack.SendAsync(message, result.DelayLevel, CancellationToken.None).ConfigureAwait(false))
            {
                message.ReconsumeTimes++;
                _ = ConsumeAsync(message, queue, LocalRetryDelay);
                return;
            }
        }
        var offset = queue.Remove([message]);
        if (offset >= 0 && !queue.Dropped)
        {
            _context.Offsets.Update(queue.Queue, offset, increaseOnly: true);
        }
    }
}
