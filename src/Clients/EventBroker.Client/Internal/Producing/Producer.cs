using System.Diagnostics;
using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Internal.Routing;
using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace EventBroker.Client.Internal.Producing;

/// <summary>
/// A producer group member (DefaultMQProducerImpl). Sends go through <see cref="SendRetryPolicy"/>; each attempt picks a
/// queue with <see cref="QueueSelection"/> and records the broker's latency or failure for the next pick.
/// </summary>
internal sealed partial class Producer : ITransactionProducer
{
    private readonly ClientInstance _instance;
    private readonly ProducerOptions _options;
    private readonly SendKernel _kernel;
    private readonly QueueSelection _selection;
    private readonly ResiliencePipeline<SendResult> _pipeline;
    private readonly TransactionChecker? _checker;
    private readonly ILogger _logger;
    private int _disposed;

    public Producer(ClientInstance instance, ProducerOptions options, TransactionChecker? checker)
    {
        options.Validate();
        _instance = instance;
        _options = options;
        _checker = checker;
        _kernel = new SendKernel(instance.Remoting, instance.Routes, options.Group, options.DefaultTopicQueueNums);
        _selection = new QueueSelection(new LatencyFaultTolerance(instance.Time), options.SendLatencyFaultEnable);
        _pipeline = SendRetryPolicy.Create(options);
        _logger = instance.LoggerFactory.CreateLogger<Producer>();
    }

    public string Group => _options.Group;

    internal TransactionChecker? Checker => _checker;

    internal LatencyFaultTolerance Faults => _selection.Faults;

    public ValueTask<SendResult> SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        MessageEncoder.Validate(message, _options.MaxMessageSize);
        var encoded = MessageEncoder.Encode(message, _options, producerGroupForTransaction: null);
        return SendWithRetriesAsync(message.Topic, encoded, message.Flag, batch: false, encoded.UniqueKey!, cancellationToken);
    }

    public async ValueTask<SendResult> SendAsync(Message message, MessageQueue queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        MessageEncoder.Validate(message, _options.MaxMessageSize);
        if (!string.Equals(queue.Topic, message.Topic, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The queue belongs to topic '{queue.Topic}', the message to '{message.Topic}'.");
        }
        var encoded = MessageEncoder.Encode(message, _options, producerGroupForTransaction: null);
        return await SendOnceAsync(encoded, message.Flag, queue, encoded.UniqueKey!, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SendResult> SendAsync(Message message, MessageQueueSelector selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        MessageEncoder.Validate(message, _options.MaxMessageSize);
        var info = await PublishInfoAsync(message.Topic, cancellationToken).ConfigureAwait(false);
        var queue = selector(info.Queues, message)
            ?? throw new InvalidOperationException("The queue selector returned no queue.");
        var encoded = MessageEncoder.Encode(message, _options, producerGroupForTransaction: null);
        return await SendOnceAsync(encoded, message.Flag, queue, encoded.UniqueKey!, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SendOnewayAsync(Message message, CancellationToken cancellationToken = default)
    {
        MessageEncoder.Validate(message, _options.MaxMessageSize);
        var encoded = MessageEncoder.Encode(message, _options, producerGroupForTransaction: null);
        var info = await PublishInfoAsync(message.Topic, cancellationToken).ConfigureAwait(false);
        await _kernel.SendOnewayAsync(encoded, message.Flag, _selection.Select(info, null), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<SendResult> SendBatchAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default)
    {
        var encoded = BatchEncoder.Encode(messages, _options.MaxMessageSize, out var uniqueKeys);
        return SendWithRetriesAsync(messages[0].Topic, encoded, flag: 0, batch: true, uniqueKeys, cancellationToken);
    }

    public async ValueTask CancelScheduledAsync(MessageQueue queue, string messageId, DateTimeOffset deliverAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        // As RocketMQ 5's recall builds it: to the original's broker (its wheel holds the message), with the original's
        // delivery time (the broker matches within that time's slot) and UNIQ_KEY; the body is never delivered.
        var marker = new Message(queue.Topic, "0")
        {
            DeliverAt = deliverAt,
            SystemProperties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MessageConst.TimerDelUniqKey] = queue.Topic + "+" + messageId,
                [MessageConst.UniqKey] = messageId,
            },
        };
        MessageEncoder.Validate(marker, _options.MaxMessageSize);
        var encoded = MessageEncoder.Encode(marker, _options, producerGroupForTransaction: null);
        await SendOnceAsync(encoded, 0, queue, messageId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<MessageQueue>> GetPublishQueuesAsync(string topic, CancellationToken cancellationToken = default)
    {
        Names.ValidateTopic(topic);
        return (await PublishInfoAsync(topic, cancellationToken).ConfigureAwait(false)).Queues;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _instance.UnregisterProducerAsync(this).ConfigureAwait(false);
    }

    /// <summary>sendDefaultImpl: up to 1 + RetryTimesWhenSendFailed attempts, each on a freshly selected queue.</summary>
    internal async ValueTask<SendResult> SendWithRetriesAsync(
        string topic, EncodedMessage encoded, int flag, bool batch, string uniqueKeys, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var info = await PublishInfoAsync(topic, cancellationToken).ConfigureAwait(false);
        var attempt = new Attempt(this, info, encoded, flag, batch, uniqueKeys, cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(static (state, token) => state.Producer.AttemptAsync(state, token), attempt, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new BrokerTimeoutException(
                $"sending to topic {topic} timed out after {attempt.Count} attempt(s) of {_options.SendTimeout.TotalMilliseconds:0} ms (last broker {attempt.LastBrokerName})", ex);
        }
    }

    private async ValueTask<SendResult> AttemptAsync(Attempt attempt, CancellationToken token)
    {
        var queue = _selection.Select(attempt.Info, attempt.LastBrokerName);
        attempt.LastBrokerName = queue.BrokerName;
        attempt.Count++;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _kernel.SendAsync(attempt.Encoded, attempt.Flag, queue, attempt.Batch, attempt.UniqueKeys, Timeout.InfiniteTimeSpan, token)
                .ConfigureAwait(false);
            _selection.Record(queue.BrokerName, ElapsedMillis(started), isolation: false);
            return result;
        }
        catch (OperationCanceledException) when (!attempt.CallerToken.IsCancellationRequested)
        {
            // Polly's per-attempt timeout fired: the broker was too slow, keep away from it.
            _selection.Record(queue.BrokerName, ElapsedMillis(started), isolation: true);
            ClientLog.SendAttemptFailed(_logger, attempt.Count, queue.BrokerName, "timed out");
            throw;
        }
        catch (EventBrokerException ex)
        {
            _selection.Record(queue.BrokerName, ElapsedMillis(started), isolation: true);
            ClientLog.SendAttemptFailed(_logger, attempt.Count, queue.BrokerName, ex.Message);
            throw;
        }
    }

    /// <summary>A send to a queue the caller chose: one attempt, no retry elsewhere (sendSelectImpl / send to a queue).</summary>
    private async ValueTask<SendResult> SendOnceAsync(EncodedMessage encoded, int flag, MessageQueue queue, string uniqueKeys, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await PublishInfoAsync(queue.Topic, cancellationToken).ConfigureAwait(false);
        return await _kernel.SendAsync(encoded, flag, queue, batch: false, uniqueKeys, _options.SendTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TopicPublishInfo> PublishInfoAsync(string topic, CancellationToken cancellationToken)
    {
        _instance.TrackPublishedTopic(topic);
        var info = await _instance.Routes.GetPublishInfoAsync(topic, _options.DefaultTopicQueueNums, cancellationToken).ConfigureAwait(false);
        if (info is null || !info.IsUsable)
        {
            throw new BrokerResponseException(17,
                $"No route info of this topic: {topic}; create it or enable autoCreateTopicEnable on the broker", string.Join(";", _instance.NameServers.Addresses));
        }
        return info;
    }

    private static long ElapsedMillis(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>State of one send across its attempts.</summary>
    private sealed class Attempt(
        Producer producer, TopicPublishInfo info, EncodedMessage encoded, int flag, bool batch, string uniqueKeys, CancellationToken callerToken)
    {
        public Producer Producer { get; } = producer;
        public TopicPublishInfo Info { get; } = info;
        public EncodedMessage Encoded { get; } = encoded;
        public int Flag { get; } = flag;
        public bool Batch { get; } = batch;
        public string UniqueKeys { get; } = uniqueKeys;
        public CancellationToken CallerToken { get; } = callerToken;
        public string? LastBrokerName { get; set; }
        public int Count { get; set; }
    }
}
