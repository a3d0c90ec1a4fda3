using EventBroker.Protocol;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>The pull loop of one assigned queue (DefaultMQPushConsumerImpl.pullMessage + PullCallback).</summary>
internal sealed partial class PushConsumer
{
    // The Java client's pauses: flow control, a suspended consumer, and after a failed pull.
    private static readonly TimeSpan FlowControlPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SuspendedPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(3);

    /// <summary>How long a queue whose offset the broker rejected stays dropped before it is re-added (Java: 10 s).</summary>
    private static readonly TimeSpan OffsetResetDelay = TimeSpan.FromSeconds(10);

    // PullSysFlag bits.
    private const int CommitOffsetFlag = 1;
    private const int SuspendFlag = 2;
    private const int SubscriptionFlag = 4;

    private async Task PullLoopAsync(ProcessQueue process, long nextOffset)
    {
        await Task.Yield();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(process.Stopped.Token, _context.Stopping);
        var token = stop.Token;
        var subscription = _subscriptions[process.Queue.Topic];
        var filter = Subscriptions.ClientFilter(subscription);
        var sizeLimit = _options.PullThresholdSizeForQueueMiB * 1024L * 1024L;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (_paused)
                {
                    await Task.Delay(SuspendedPause, token).ConfigureAwait(false);
                    continue;
                }
                if (process.Count > _options.PullThresholdForQueue || process.SizeBytes > sizeLimit
                    || (!_options.ConsumeOrderly && process.Span > _options.ConsumeConcurrentlyMaxSpan))
                {
                    await Task.Delay(FlowControlPause, token).ConfigureAwait(false);
                    continue;
                }
                if (LocksQueues)
                {
                    if (!process.Locked)
                    {
                        await Task.Delay(ErrorPause, token).ConfigureAwait(false);
                        continue;
                    }
                    if (!process.PreviouslyLocked)
                    {
                        // The previous owner may have committed more since this queue was assigned: start from there.
                        nextOffset = await ComputePullFromWhereAsync(process.Queue, token).ConfigureAwait(false);
                        process.PreviouslyLocked = true;
                    }
                }

                process.LastPull = DateTimeOffset.UtcNow;
                var result = await _rpc.PullAsync(process.Queue, PullHeader(process, subscription, nextOffset), filter, _options.ConsumerTimeoutWhenSuspend, token)
                    .ConfigureAwait(false);
                nextOffset = result.NextBeginOffset;
                switch (result.Status)
                {
                    case PullStatus.Found when result.Messages.Count > 0:
                        var dispatch = process.Put(result.Messages);
                        _consume.Submit(result.Messages, process, dispatch);
                        break;
                    case PullStatus.NoNewMessage or PullStatus.NoMatchedMessage:
                        // correctTagsOffset: nothing waits, so the committed offset may move past filtered-out messages.
                        if (process.Count == 0)
                        {
                            _offsets.Update(process.Queue, nextOffset, increaseOnly: true);
                        }
                        break;
                    case PullStatus.OffsetIllegal:
                        ClientLog.OffsetIllegal(_logger, Group, process.Queue.ToString(), nextOffset);
                        process.Dropped = true;
                        _ = ResetIllegalOffsetAsync(process, nextOffset);
                        return;
                }
                if (_options.PullInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.PullInterval, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is EventBrokerException or RemotingProtocolException or FormatException)
            {
                ClientLog.PullFailed(_logger, Group, process.Queue.ToString(), ex.Message);
                try
                {
                    await Task.Delay(ErrorPause, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private PullMessageRequestHeader PullHeader(ProcessQueue process, Protocol.Bodies.SubscriptionData subscription, long offset)
    {
        var commitOffset = Clustering ? _offsets.ReadFromMemory(process.Queue) : -1;
        var post = _options.PostSubscriptionWhenPull;
        return new PullMessageRequestHeader
        {
            ConsumerGroup = Group,
            Topic = process.Queue.Topic,
            QueueId = process.Queue.QueueId,
            QueueOffset = offset,
            MaxMsgNums = _options.PullBatchSize,
            SysFlag = (commitOffset > 0 ? CommitOffsetFlag : 0) | SuspendFlag | (post ? SubscriptionFlag : 0),
            CommitOffset = Math.Max(commitOffset, 0),
            SuspendTimeoutMillis = (long)_options.BrokerSuspendMaxTime.TotalMilliseconds,
            Subscription = post ? subscription.SubString : null,
            SubVersion = subscription.SubVersion,
            ExpressionType = subscription.ExpressionType,
        };
    }

    /// <summary>The broker moved the queue's bounds (retention, reset): continue from where it says, after a pause.</summary>
    private async Task ResetIllegalOffsetAsync(ProcessQueue process, long nextOffset)
    {
        try
        {
            await Task.Delay(OffsetResetDelay, _context.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _offsets.Update(process.Queue, nextOffset, increaseOnly: false);
        try
        {
            await _offsets.PersistAsync(process.Queue, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EventBrokerException ex)
        {
            ClientLog.OffsetCommitFailed(_logger, Group, process.Queue.ToString(), nextOffset, ex.Message);
        }
        _queues.TryRemove(new KeyValuePair<MessageQueue, ProcessQueue>(process.Queue, process));
        _instance.RebalanceSoon();
    }
}
