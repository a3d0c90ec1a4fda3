using System.Collections.Concurrent;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Producing;

/// <summary>Requests waiting for their reply, by CORRELATION_ID (RequestFutureHolder).</summary>
internal sealed class ReplyRegistry
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReceivedMessage>> _waiting = new(StringComparer.Ordinal);

    public Task<ReceivedMessage> Register(string correlationId)
    {
        var waiter = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[correlationId] = waiter;
        return waiter.Task;
    }

    public void Remove(string correlationId) => _waiting.TryRemove(correlationId, out _);

    /// <returns>False when no request waits for it (it timed out, or the reply was meant for another process).</returns>
    public bool Complete(ReceivedMessage reply) =>
        reply.GetProperty(MessageConst.CorrelationId) is { } id && _waiting.TryRemove(id, out var waiter) && waiter.TrySetResult(reply);
}
