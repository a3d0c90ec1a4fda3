using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using Microsoft.Extensions.Logging;
using WireQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// The broker-side queue locks of orderly clustering consumption (RebalanceImpl.lock/lockAll/unlock): LOCK_BATCH_MQ
/// (41) and UNLOCK_BATCH_MQ (42), per broker, for this client id and group.
/// </summary>
internal sealed class QueueLocks
{
    /// <summary>The Java client's lock request timeout.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly IRemotingClient _remoting;
    private readonly ConsumerRpc _rpc;
    private readonly string _group;
    private readonly string _clientId;
    private readonly ILogger _logger;

    public QueueLocks(IRemotingClient remoting, ConsumerRpc rpc, string group, string clientId, ILogger logger)
    {
        _remoting = remoting;
        _rpc = rpc;
        _group = group;
        _clientId = clientId;
        _logger = logger;
    }

    /// <summary>Locks one queue and records the outcome on it.</summary>
    public async Task<bool> TryLockAsync(ProcessQueue queue, CancellationToken cancellationToken)
    {
        var locked = await LockAsync([queue.Queue], cancellationToken).ConfigureAwait(false);
        queue.Locked = locked.Contains(queue.Queue);
        return queue.Locked;
    }

    /// <summary>lockAll: renews every held queue, broker by broker, and marks those the broker refused as unlocked.</summary>
    public async Task LockAllAsync(IEnumerable<ProcessQueue> queues, CancellationToken cancellationToken)
    {
        foreach (var byBroker in queues.Where(q => !q.Dropped).GroupBy(q => q.Queue.BrokerName, StringComparer.Ordinal))
        {
            var locked = await LockAsync(byBroker.Select(q => q.Queue).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var queue in byBroker)
            {
                queue.Locked = locked.Contains(queue.Queue);
            }
        }
    }

    /// <returns>The queues the broker now holds for this client; empty when the request failed.</returns>
    public async Task<IReadOnlySet<MessageQueue>> LockAsync(IReadOnlyList<MessageQueue> queues, CancellationToken cancellationToken)
    {
        if (queues.Count == 0)
        {
            return new HashSet<MessageQueue>();
        }
        try
        {
            var address = await _rpc.AddressAsync(queues[0], cancellationToken).ConfigureAwait(false);
            using var response = await _remoting.InvokeAsync(address, Responses.Request(RequestCode.LockBatchMq, body: Body(queues)), Timeout, cancellationToken)
                .ConfigureAwait(false);
            response.EnsureCode(address);
            var locked = LockBatchResponseBody.FromJson(response.Body.Span).LockOKMQSet;
            return locked.Select(q => new MessageQueue(q.Topic, q.BrokerName, q.QueueId)).ToHashSet();
        }
        catch (Exception ex) when (ex is EventBrokerException or FormatException)
        {
            ClientLog.LockFailed(_logger, _group, queues[0].BrokerName, ex.Message);
            return new HashSet<MessageQueue>();
        }
    }

    /// <summary>Releases queues this member gives up, so the next owner need not wait for the broker's 60 s expiry.</summary>
    public async Task UnlockAsync(IEnumerable<MessageQueue> queues, bool oneway, CancellationToken cancellationToken)
    {
        foreach (var byBroker in queues.GroupBy(q => q.BrokerName, StringComparer.Ordinal))
        {
            var list = byBroker.ToList();
            try
            {
                var address = await _rpc.AddressAsync(list[0], cancellationToken).ConfigureAwait(false);
                var request = Responses.Request(RequestCode.UnlockBatchMq, body: Body(list));
                if (oneway)
                {
                    await _remoting.InvokeOnewayAsync(address, request, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                using var response = await _remoting.InvokeAsync(address, request, Timeout, cancellationToken).ConfigureAwait(false);
                response.EnsureCode(address);
            }
            catch (EventBrokerException ex)
            {
                ClientLog.LockFailed(_logger, _group, byBroker.Key, ex.Message);
            }
        }
    }

    private byte[] Body(IEnumerable<MessageQueue> queues)
    {
        var body = new LockBatchRequestBody { ConsumerGroup = _group, ClientId = _clientId };
        foreach (var queue in queues)
        {
            body.MqSet.Add(new WireQueue(queue.Topic, queue.BrokerName, queue.QueueId));
        }
        return body.ToJson();
    }
}
