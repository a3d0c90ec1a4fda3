namespace EventBroker.Routing.Redis.Resp;

// Delivery: message frames are queued by the socket reader and handed to the handlers by one dispatcher task.
public sealed partial class RedisSubscriber
{
    // On the socket reader: only queue the message.
    private void OnPush(RedisValue frame)
    {
        var items = frame.Items;
        var kind = items.Count > 0 ? items[0].AsString() : null;
        if (kind == "message" && items.Count == 3)
            _inbox.Writer.TryWrite((items[1].AsString()!, items[2].Bytes));
        else if (kind == "pmessage" && items.Count == 4)
            _inbox.Writer.TryWrite((items[2].AsString()!, items[3].Bytes));
        else
            RedisLog.PushDropped(_logger, Endpoint, kind ?? frame.Type.ToString());
    }

    private async Task DispatchAsync()
    {
        await foreach (var (channel, message) in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!Volatile.Read(ref _channels).TryGetValue(channel, out var handlers))
                continue;
            foreach (var subscription in handlers)
            {
                if (!subscription.IsActive)
                    continue;
                try
                {
                    subscription.Handler(message);
                }
                catch (Exception ex)
                {
                    // One faulty handler must not keep the message from the others or end the dispatcher.
                    RedisLog.HandlerFailed(_logger, ex, channel);
                }
            }
        }
    }

    private sealed class Subscription(RedisSubscriber owner, string channel, Action<ReadOnlyMemory<byte>> handler) : IAsyncDisposable
    {
        private int _active = 1;

        public string Channel => channel;

        public Action<ReadOnlyMemory<byte>> Handler => handler;

        public bool IsActive => Volatile.Read(ref _active) == 1;

        public async ValueTask DisposeAsync()
        {
            // Inactive first, so messages already queued skip it.
            if (Interlocked.Exchange(ref _active, 0) == 1)
                await owner.UnsubscribeAsync(this).ConfigureAwait(false);
        }
    }
}
