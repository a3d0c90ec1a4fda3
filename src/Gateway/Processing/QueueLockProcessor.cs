using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42): an orderly consumer locks the queues it was given, so two members
/// of a group never consume one queue at once across a rebalance. Locks live 60 s in the routing store (shared by
/// every gateway) and are renewed by the client every 20 s.
/// </summary>
public sealed class QueueLockProcessor(IRoutingStore routing)
{
    /// <summary>RebalanceLockManager.REBALANCE_LOCK_MAX_LIVE_TIME.</summary>
    public static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(60);

    public async ValueTask<RemotingCommand> LockAsync(RemotingCommand request, CancellationToken ct)
    {
        var body = LockBatchRequestBody.FromJson(request.Body.Span);
        if (string.IsNullOrEmpty(body.ConsumerGroup) || string.IsNullOrEmpty(body.ClientId))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, "the LOCK_BATCH_MQ body needs consumerGroup and clientId");
        }
        var locked = await routing.TryLockQueuesAsync(body.ConsumerGroup, body.ClientId, body.MqSet, LockTtl, ct).ConfigureAwait(false);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = new LockBatchResponseBody { LockOKMQSet = [.. locked] }.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> UnlockAsync(RemotingCommand request, CancellationToken ct)
    {
        var body = LockBatchRequestBody.FromJson(request.Body.Span);
        if (string.IsNullOrEmpty(body.ConsumerGroup) || string.IsNullOrEmpty(body.ClientId))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, "the UNLOCK_BATCH_MQ body needs consumerGroup and clientId");
        }
        await routing.UnlockQueuesAsync(body.ConsumerGroup, body.ClientId, body.MqSet, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }
}
