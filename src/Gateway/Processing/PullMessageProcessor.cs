using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Observability;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// PULL_MESSAGE (11): reads a queue's stream from the requested offset, filters by tag (hash first, then the exact
/// string), and long-polls when there is nothing new: the request is parked until the stream grows, a 5 s re-check,
/// or suspendTimeoutMillis, then answered with whatever the pull finds.
/// </summary>
public sealed class PullMessageProcessor(
    TopicService topics,
    GroupService groups,
    QueueStore queues,
    AppendSignals signals,
    SubscriptionResolver subscriptions,
    IRoutingStore routing,
    BrokerStats stats,
    GatewayMetrics metrics,
    TimeProvider time)
{
    private const int FlagCommitOffset = 1;
    private const int FlagSuspend = 2;
    private const int FlagSubscription = 4;

    /// <summary>RocketMQ's maxTransferCountOnMessageInMemory and maxTransferBytesOnMessageInMemory.</summary>
    private const int MaxMessagesPerPull = 32;
    private const int MaxBytesPerPull = 256 * 1024;
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    public async ValueTask<RemotingCommand?> PullAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = PullMessageRequestHeader.Decode(request);
        var response = await PullAsync(request, header, connection, ct).ConfigureAwait(false);
        if (response is not null)
        {
            metrics.RecordPull(header.Topic, response.Code);
        }
        return response;
    }

    private async ValueTask<RemotingCommand?> PullAsync(RemotingCommand request, PullMessageRequestHeader header, ClientConnection connection, CancellationToken ct)
    {
        var broker = connection.Broker!;

        var topic = await topics.GetAsync(header.Topic, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{header.Topic}] not exist, apply first please!");
        }
        if (!Perm.IsReadable(topic.Perm))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, $"the topic[{header.Topic}] pulling message is forbidden");
        }
        if (header.QueueId < 0 || header.QueueId >= topic.ReadQueueNums)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                $"queueId[{header.QueueId}] is illegal, topic:[{header.Topic}] topicConfig.readQueueNums:[{topic.ReadQueueNums}] consumer:[{connection.RemoteAddress}]");
        }
        var group = await groups.GetOrCreateAsync(header.ConsumerGroup, ct).ConfigureAwait(false);
        if (!group.ConsumeEnable)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, $"subscription group no permission, {header.ConsumerGroup}");
        }

        var (outcome, subscription, error) = await subscriptions.ResolveAsync(header.ConsumerGroup, header.Topic,
            (header.SysFlag & FlagSubscription) != 0, header.Subscription, header.ExpressionType, header.SubVersion, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case SubscriptionResolver.Outcome.GroupUnknown or SubscriptionResolver.Outcome.TopicNotSubscribed:
                return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionNotExist, error);
            case SubscriptionResolver.Outcome.Stale:
                return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionNotLatest, error);
            case SubscriptionResolver.Outcome.ParseFailed:
                return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionParseFailed, error);
            case SubscriptionResolver.Outcome.Unsupported:
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, error);
        }

        if ((header.SysFlag & FlagCommitOffset) != 0 && header.CommitOffset >= 0)
        {
            try
            {
                await routing.CommitOffsetAsync(broker.Name, header.ConsumerGroup, header.Topic, header.QueueId, header.CommitOffset, ct).ConfigureAwait(false);
            }
            catch (RoutingUnavailableException)
            {
                // The pull still serves; the client commits again with its next pull and every 5 s.
            }
        }

        var stream = queues.StreamName(broker, header.Topic, header.QueueId);
        var filter = subscriptions.FilterFor(subscription!);
        var maxMessages = Math.Clamp(header.MaxMsgNums, 1, MaxMessagesPerPull);
        var suspend = (header.SysFlag & FlagSuspend) != 0 && header.SuspendTimeoutMillis > 0;
        var deadline = time.GetTimestamp() + (long)(header.SuspendTimeoutMillis * (time.TimestampFrequency / 1000.0));

        while (true)
        {
            var response = await PullOnceAsync(request, header, stream, filter, maxMessages, ct).ConfigureAwait(false);
            if (response.Code != (int)ResponseCode.PullNotFound || !suspend)
            {
                return response;
            }
            var remaining = TimeSpan.FromTicks((long)((deadline - time.GetTimestamp()) * (TimeSpan.TicksPerSecond / (double)time.TimestampFrequency)));
            if (remaining <= TimeSpan.Zero)
            {
                return response;
            }
            var seen = long.Parse(response.GetExt("maxOffset")!, System.Globalization.CultureInfo.InvariantCulture);
            using (var waiter = signals.Register(stream, seen))
            {
                // An append may have landed between the read and the registration.
                var bounds = await queues.Store.GetBoundsAsync(stream, ct).ConfigureAwait(false);
                if (bounds.NextRevision <= seen)
                {
                    try
                    {
                        await waiter.Signaled.WaitAsync(remaining < Recheck ? remaining : Recheck, time, ct).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        // Re-check (RocketMQ re-checks parked pulls every 5 s) or the deadline passed: pull again.
                    }
                }
            }
            response.Dispose();
        }
    }

    private async ValueTask<RemotingCommand> PullOnceAsync(RemotingCommand request, PullMessageRequestHeader header, string stream, MessageFilter filter, int maxMessages, CancellationToken ct)
    {
        var offset = header.QueueOffset;
        // One read answers everything: the batch carries the stream's bounds as the read saw them.
        var readCount = filter.MatchesAll ? maxMessages : maxMessages * 4;
        var batch = await queues.Store.ReadForwardAsync(stream, Math.Max(offset, 0), readCount, MaxBytesPerPull, ct).ConfigureAwait(false);
        try
        {
            var (min, max) = (batch.Bounds.FirstRevision, batch.Bounds.NextRevision);

            // DefaultMessageStore.getMessage's status, mapped as PullMessageProcessor maps it on a master.
            if (max == 0)
            {
                // NO_MESSAGE_IN_QUEUE: 21 unless the consumer asks for offset 0.
                return PullResponse(request, offset == 0 ? ResponseCode.PullNotFound : ResponseCode.PullOffsetMoved, 0, min, max);
            }
            if (offset < min)
            {
                return PullResponse(request, ResponseCode.PullOffsetMoved, min, min, max);
            }
            if (offset == max)
            {
                return PullResponse(request, ResponseCode.PullNotFound, offset, min, max);
            }
            if (offset > max)
            {
                return PullResponse(request, ResponseCode.PullOffsetMoved, min == 0 ? min : max, min, max);
            }
            if (batch.Count == 0)
            {
                // Removed by retention while we read (MESSAGE_WAS_REMOVING).
                return PullResponse(request, ResponseCode.PullRetryImmediately, Math.Max(offset, min), min, max);
            }
            var (length, matched, next) = StoredRecords.FilterAndPatch(batch, filter, maxMessages);
            if (matched == 0)
            {
                return PullResponse(request, ResponseCode.PullRetryImmediately, next, min, max);
            }
            stats.RecordGet(header.Topic, header.ConsumerGroup, matched);
            metrics.RecordPulled(header.Topic, matched);
            var response = PullResponse(request, ResponseCode.Success, next, min, max);
            response.SetBodyOwner(batch.Data[..length], batch);
            batch = null;
            return response;
        }
        finally
        {
            batch?.Dispose();
        }
    }

    private static RemotingCommand PullResponse(RemotingCommand request, ResponseCode code, long nextBeginOffset, long min, long max)
    {
        var response = RemotingCommand.CreateResponse(request, code);
        new PullMessageResponseHeader { SuggestWhichBrokerId = 0, NextBeginOffset = nextBeginOffset, MinOffset = min, MaxOffset = max }.EncodeTo(response);
        return response;
    }
}
