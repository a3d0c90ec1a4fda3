using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EventBroker.Client.Internal.Instance;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// DefaultMQPullConsumer: pulls on request from queues the application names. It still heartbeats its group (as an
/// active consumer of the topics it pulled) so brokers and admin tools see it.
/// </summary>
internal sealed class PullConsumer : IPullConsumer, IConsumerMember
{
    private const int SuspendFlag = 2;
    private const int SubscriptionFlag = 4;

    private readonly ClientInstance _instance;
    private readonly PullConsumerOptions _options;
    private readonly ConsumerRpc _rpc;
    private readonly ConcurrentDictionary<string, byte> _topics = new(StringComparer.Ordinal);
    private readonly long _subVersion = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private int _disposed;

    public PullConsumer(ClientInstance instance, PullConsumerOptions options)
    {
        options.Validate();
        _instance = instance;
        _options = options;
        _rpc = new ConsumerRpc(instance.Remoting, instance.Routes, instance.Options.RequestTimeout);
        instance.RegisterConsumer(this);
    }

    public string Group => _options.Group;

    public IEnumerable<string> Topics => _topics.Keys;

    public async ValueTask<IReadOnlyList<MessageQueue>> GetQueuesAsync(string topic, CancellationToken cancellationToken = default)
    {
        Names.ValidateTopic(topic);
        _topics.TryAdd(topic, 0);
        return await _instance.Routes.GetSubscribeQueuesAsync(topic, cancellationToken).ConfigureAwait(false)
            ?? throw new BrokerResponseException(17, $"No route info of this topic: {topic}", string.Join(";", _instance.NameServers.Addresses));
    }

    public ValueTask<PullResult> PullAsync(MessageQueue queue, long offset, int maxMessages = 32, MessageSelector? selector = null, CancellationToken cancellationToken = default) =>
        PullCoreAsync(queue, offset, maxMessages, selector, longPoll: false, cancellationToken);

    public ValueTask<PullResult> PullWhenAvailableAsync(MessageQueue queue, long offset, int maxMessages = 32, MessageSelector? selector = null, CancellationToken cancellationToken = default) =>
        PullCoreAsync(queue, offset, maxMessages, selector, longPoll: true, cancellationToken);

    public IAsyncEnumerable<ReceivedMessage> ReadAsync(MessageQueue queue, long fromOffset, MessageSelector? selector = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        return ReadCoreAsync(queue, fromOffset, selector, cancellationToken);
    }

    public async ValueTask<long> GetCommittedOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default) =>
        await _rpc.QueryConsumerOffsetAsync(Group, queue, cancellationToken).ConfigureAwait(false);

    public async ValueTask CommitOffsetAsync(MessageQueue queue, long nextOffset, CancellationToken cancellationToken = default) =>
        await _rpc.UpdateConsumerOffsetAsync(Group, queue, nextOffset, oneway: false, cancellationToken).ConfigureAwait(false);

    public async ValueTask<long> GetMinOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default) =>
        await _rpc.GetMinOffsetAsync(queue, cancellationToken).ConfigureAwait(false);

    public async ValueTask<long> GetMaxOffsetAsync(MessageQueue queue, CancellationToken cancellationToken = default) =>
        await _rpc.GetMaxOffsetAsync(queue, cancellationToken).ConfigureAwait(false);

    public async ValueTask<long> SearchOffsetAsync(MessageQueue queue, DateTimeOffset timestamp, CancellationToken cancellationToken = default) =>
        await _rpc.SearchOffsetAsync(queue, timestamp, cancellationToken).ConfigureAwait(false);

    public ConsumerData HeartbeatData() => new()
    {
        GroupName = Group,
        ConsumeType = ConsumeType.CONSUME_ACTIVELY,
        MessageModel = Protocol.Bodies.MessageModel.CLUSTERING,
        ConsumeFromWhere = Protocol.Bodies.ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
        SubscriptionDataSet = [.. _topics.Keys.Select(t => SubscriptionData.ForTags(t, SubscriptionData.SubAll, _subVersion))],
    };

    /// <summary>The application picks the queues itself.</summary>
    public Task RebalanceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Offsets are committed when the application calls <see cref="CommitOffsetAsync"/>, never in the background.</summary>
    public Task PersistOffsetsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _instance.UnregisterConsumerAsync(this).ConfigureAwait(false);
        }
    }

    private async ValueTask<PullResult> PullCoreAsync(
        MessageQueue queue, long offset, int maxMessages, MessageSelector? selector, bool longPoll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _topics.TryAdd(queue.Topic, 0);
        var subscription = Subscriptions.Build(queue.Topic, selector ?? MessageSelector.All, _subVersion);
        var header = new PullMessageRequestHeader
        {
            ConsumerGroup = Group,
            Topic = queue.Topic,
            QueueId = queue.QueueId,
            QueueOffset = offset,
            MaxMsgNums = maxMessages,
            SysFlag = SubscriptionFlag | (longPoll ? SuspendFlag : 0),
            CommitOffset = 0,
            SuspendTimeoutMillis = longPoll ? (long)_options.BrokerSuspendMaxTime.TotalMilliseconds : 0,
            Subscription = subscription.SubString,
            SubVersion = subscription.SubVersion,
            ExpressionType = subscription.ExpressionType,
        };
        var timeout = longPoll ? _options.ConsumerTimeoutWhenSuspend : _instance.Options.RequestTimeout;
        return await _rpc.PullAsync(queue, header, Subscriptions.ClientFilter(subscription), timeout, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<ReceivedMessage> ReadCoreAsync(
        MessageQueue queue, long offset, MessageSelector? selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await PullCoreAsync(queue, offset, 32, selector, longPoll: true, cancellationToken).ConfigureAwait(false);
            foreach (var message in result.Messages)
            {
                yield return message;
            }
            offset = result.NextBeginOffset;
        }
    }
}
