namespace EventBroker.Routing.Redis.Resp;

// The reader loop: every complete reply is either out-of-band (pushes, pub/sub messages) or the reply of the
// oldest waiting request.
internal sealed partial class RespSession
{
    private static readonly string[] MessageKinds = ["message", "pmessage", "smessage"];
    private static readonly string[] ConfirmationKinds = ["subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe"];

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        var state = default(RespScanState);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                    return;
                var buffer = result.Buffer;
                try
                {
                    while (RespParser.TryRead(ref buffer, ref state, out var value))
                        Dispatch(value);
                    if (result.IsCompleted)
                    {
                        throw new RedisConnectionException(Endpoint, buffer.IsEmpty
                            ? $"Redis at {Endpoint} is unreachable: it closed the connection"
                            : $"Redis at {Endpoint} is unreachable: it closed the connection in the middle of a reply");
                    }
                }
                finally
                {
                    // Consumed up to the last complete reply; everything was examined, so wait for more bytes.
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(RedisValue value)
    {
        if (IsOutOfBand(value))
        {
            if (_onPush is null)
                RedisLog.PushDropped(_logger, Endpoint, value.Items.Count > 0 ? value.Items[0].AsString() ?? "" : "");
            else
                _onPush(value);
            return;
        }
        RespRequest? request;
        lock (_gate)
        {
            _awaitingReply.TryDequeue(out request);
            Interlocked.Increment(ref _repliesRead);
        }
        if (request is null)
            throw new RedisProtocolException($"Redis at {Endpoint} sent a reply no command was waiting for: {value}");
        request.Complete(value);
    }

    /// <summary>
    /// RESP3 pushes are out-of-band, except a pub/sub connection's (un)subscribe confirmations, which are the replies
    /// to its one-channel SUBSCRIBE/UNSUBSCRIBE commands. In RESP2 only a pub/sub connection has out-of-band frames:
    /// its message arrays. An unknown push is never matched to a request: that would shift every later reply.
    /// </summary>
    private bool IsOutOfBand(RedisValue value)
    {
        if (value.Type == RespType.Push)
            return !(IsSubscriber && KindIs(value, ConfirmationKinds));
        return IsSubscriber && Protocol == RedisProtocol.Resp2 && value.Type == RespType.Array && KindIs(value, MessageKinds);
    }

    private static bool KindIs(RedisValue frame, string[] kinds)
    {
        if (frame.Items.Count == 0 || frame.Items[0].Type is not (RespType.BulkString or RespType.SimpleString))
            return false;
        var kind = frame.Items[0].AsString();
        return Array.IndexOf(kinds, kind) >= 0;
    }
}
