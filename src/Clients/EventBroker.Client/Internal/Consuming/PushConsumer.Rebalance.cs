using System.Buffers;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Json;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>Rebalancing (RebalanceImpl / RebalancePushImpl): which queues this member pulls, and from which offset.</summary>
internal sealed partial class PushConsumer
{
    /// <summary>How long a member waits for an orderly queue's running consumption before releasing its lock.</summary>
    private static readonly TimeSpan UnlockWait = TimeSpan.FromSeconds(30);

    public async Task RebalanceAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _state) != Running)
        {
            return;
        }
        await _rebalanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _state) != Running)
            {
                return;
            }
            foreach (var topic in _subscriptions.Keys)
            {
                try
                {
                    await RebalanceTopicAsync(topic, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is EventBrokerException or FormatException or RemotingProtocolException)
                {
                    ClientLog.RebalanceFailed(_logger, Group, topic, ex.Message);
                }
            }
        }
        finally
        {
            _rebalanceGate.Release();
        }
    }

    /// <summary>rebalanceByTopic: broadcasting takes every queue; clustering runs the strategy over the sorted members and queues.</summary>
    private async Task RebalanceTopicAsync(string topic, CancellationToken cancellationToken)
    {
        var all = await _instance.Routes.GetSubscribeQueuesAsync(topic, cancellationToken).ConfigureAwait(false);
        if (all is null || all.Count == 0)
        {
            ClientLog.NoRouteForRebalance(_logger, Group, topic);
            return;
        }
        IReadOnlyList<MessageQueue> mine = all;
        if (Clustering)
        {
            var members = await _rpc.GetConsumerIdsAsync(Group, topic, cancellationToken).ConfigureAwait(false);
            if (members.Count == 0)
            {
                return;
            }
            members.Sort(StringComparer.Ordinal);
            var queues = all.ToList();
            queues.Sort();
            mine = _options.AllocateStrategy.Allocate(Group, _instance.ClientId, queues, members);
        }
        if (await UpdateProcessQueuesAsync(topic, [.. mine], cancellationToken).ConfigureAwait(false))
        {
            ClientLog.Rebalanced(_logger, Group, topic, _instance.ClientId, string.Join(",", mine.Select(q => $"{q.BrokerName}/{q.QueueId}")));
        }
    }

    /// <summary>updateProcessQueueTableInRebalance: drop queues no longer ours (committing their offsets), start new ones.</summary>
    private async Task<bool> UpdateProcessQueuesAsync(string topic, HashSet<MessageQueue> assigned, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var (queue, process) in _queues)
        {
            if (queue.Topic == topic && !assigned.Contains(queue) && _queues.TryRemove(queue, out _))
            {
                process.Dropped = true;
                await ReleaseAsync(process, cancellationToken).ConfigureAwait(false);
                changed = true;
            }
        }
        foreach (var queue in assigned)
        {
            if (_queues.ContainsKey(queue))
            {
                continue;
            }
            var process = new ProcessQueue(queue, _instance.Time);
            if (LocksQueues && !await _locks.TryLockAsync(process, cancellationToken).ConfigureAwait(false))
            {
                // Its previous owner still holds it; the next rebalance tries again.
                continue;
            }
            _offsets.Remove(queue);
            long next;
            try
            {
                next = await ComputePullFromWhereAsync(queue, cancellationToken).ConfigureAwait(false);
            }
            catch (EventBrokerException ex)
            {
                ClientLog.OffsetUnknown(_logger, Group, queue.ToString(), ex.Message);
                continue;
            }
            if (_queues.TryAdd(queue, process))
            {
                changed = true;
                _ = PullLoopAsync(process, next);
            }
        }
        return changed;
    }

    /// <summary>removeUnnecessaryMessageQueue: commit the queue's offset; an orderly member also gives up the broker lock.</summary>
    private async Task ReleaseAsync(ProcessQueue process, CancellationToken cancellationToken)
    {
        try
        {
            await _offsets.PersistAsync(process.Queue, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBrokerException ex)
        {
            ClientLog.OffsetCommitFailed(_logger, Group, process.Queue.ToString(), _offsets.ReadFromMemory(process.Queue), ex.Message);
        }
        _offsets.Remove(process.Queue);
        if (LocksQueues)
        {
            _ = UnlockWhenIdleAsync(process);
        }
    }

    /// <summary>The lock goes only after the message being consumed is done, so the next owner cannot overlap it.</summary>
    private async Task UnlockWhenIdleAsync(ProcessQueue process)
    {
        var idle = await process.ConsumeGate.WaitAsync(UnlockWait).ConfigureAwait(false);
        try
        {
            await _locks.UnlockAsync([process.Queue], oneway: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (idle)
            {
                process.ConsumeGate.Release();
            }
        }
    }

    /// <summary>computePullFromWhereWithException: the committed offset, else where ConsumeFromWhere says.</summary>
    private async Task<long> ComputePullFromWhereAsync(MessageQueue queue, CancellationToken cancellationToken)
    {
        var committed = await _offsets.ReadFromStoreAsync(queue, cancellationToken).ConfigureAwait(false);
        if (committed >= 0)
        {
            return committed;
        }
        var retryTopic = queue.Topic.StartsWith(Names.RetryTopicPrefix, StringComparison.Ordinal);
        return _options.ConsumeFromWhere switch
        {
            ConsumeFromWhere.FirstOffset => 0,
            ConsumeFromWhere.Timestamp when !retryTopic =>
                await _rpc.SearchOffsetAsync(queue, _consumeTimestamp, cancellationToken).ConfigureAwait(false),
            ConsumeFromWhere.Timestamp => await _rpc.GetMaxOffsetAsync(queue, cancellationToken).ConfigureAwait(false),
            _ when retryTopic => 0,
            _ => await _rpc.GetMaxOffsetAsync(queue, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task UpdateRouteAsync(string topic, CancellationToken cancellationToken)
    {
        try
        {
            await _instance.Routes.UpdateAsync(topic, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBrokerException ex)
        {
            ClientLog.RouteRefreshFailed(_logger, topic, ex.Message);
        }
    }

    /// <summary>
    /// checkClientInBroker: an SQL92 subscription is first shown to a broker (CHECK_CLIENT_CONFIG), so a broker without
    /// SQL92 filtering fails the start instead of delivering unfiltered messages.
    /// </summary>
    private async Task CheckSql92SupportAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.ExpressionType != SubscriptionData.ExpressionTypeSql92 || _instance.Routes.FindAnyBrokerAddress(subscription.Topic) is not { } address)
            {
                continue;
            }
            var buffer = new ArrayBufferWriter<byte>(256);
            var writer = new FastJsonWriter(buffer);
            writer.WriteStartObject();
            writer.WriteProperty("clientId", _instance.ClientId);
            writer.WriteProperty("group", Group);
            writer.WritePropertyName("subscriptionData");
            subscription.WriteJson(writer);
            writer.WriteEndObject();
            using var response = await _instance.Remoting.InvokeAsync(address,
                Responses.Request(RequestCode.CheckClientConfig, body: buffer.WrittenMemory.ToArray()), _instance.Options.RequestTimeout, cancellationToken)
                .ConfigureAwait(false);
            if (response.Code != (int)ResponseCode.Success)
            {
                throw new BrokerResponseException(response.Code,
                    $"the broker rejected the SQL92 subscription '{subscription.SubString}' on {subscription.Topic} (does it support SQL92 filtering?): {response.Remark}", address);
            }
        }
    }
}
