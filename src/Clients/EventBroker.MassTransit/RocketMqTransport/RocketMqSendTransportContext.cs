using EventBroker.Client;
using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// Writes a message to its topic(s): headers and ids as properties, the MessageId also as a key, a delay as a delivery
/// time (timer messages) or the nearest delay level at least as long. A publish writes one copy to each topic of the
/// message type's hierarchy, so consumers of a base type or interface get messages published as a derived type.
/// </summary>
public sealed class RocketMqSendTransportContext(RocketMqHostConfiguration hostConfiguration, ReceiveEndpointContext context, IReadOnlyList<string> topics)
    : BaseSendTransportContext(hostConfiguration, context.Serialization), SendTransportContext<PipeContext>
{
    readonly string? _publishedTopics = topics.Count > 1 ? string.Join(';', topics) : null;

    public override string EntityName => topics[0];

    public override string ActivitySystem => "rocketmq";

    public override async Task<SendContext<T>> CreateSendContext<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
    {
        var sendContext = new MessageSendContext<T>(message, cancellationToken);
        await pipe.Send(sendContext).ConfigureAwait(false);
        return sendContext;
    }

    public Task<SendContext<T>> CreateSendContext<T>(PipeContext context, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class => CreateSendContext(message, pipe, cancellationToken);

    public async Task Send<T>(PipeContext transportContext, SendContext<T> sendContext)
        where T : class
    {
        sendContext.CancellationToken.ThrowIfCancellationRequested();
        var context = sendContext as MessageSendContext<T> ?? throw new ArgumentException("Invalid SendContext<T> type", nameof(sendContext));
        var messageId = sendContext.MessageId ?? NewId.NextGuid();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in sendContext.Headers.GetAll())
        {
            if (!RocketMqProperties.IsReserved(header.Key) && RocketMqProperties.ToText(header.Value) is { } text)
            {
                properties[header.Key] = text;
            }
        }
        properties[RocketMqProperties.MessageId] = messageId.ToString();
        properties[RocketMqProperties.ContentType] = sendContext.ContentType?.ToString() ?? "application/vnd.masstransit+json";
        if (sendContext.CorrelationId is { } correlationId)
        {
            properties[RocketMqProperties.CorrelationId] = correlationId.ToString();
        }
        if (sendContext.ConversationId is { } conversationId)
        {
            properties[RocketMqProperties.ConversationId] = conversationId.ToString();
        }
        if (_publishedTopics is not null)
        {
            properties[RocketMqProperties.PublishedTopics] = _publishedTopics;
        }
        var message = new Message(topics[0], context.Body.GetBytes())
        {
            Keys = [messageId.ToString()],
            Properties = properties,
        };
        if (sendContext.Delay is { } delay && delay > TimeSpan.Zero)
        {
            var settings = hostConfiguration.Settings;
            message = settings.UseTimerMessages
                ? message with { DeliverAt = DateTimeOffset.UtcNow + delay }
                : message with { DelayLevel = settings.DelayLevels.LevelFor(delay) };
        }
        var token = message.DeliverAt is not null || message.DelayLevel > 0 ? sendContext.ScheduledMessageId : null;
        if (token is { } levelToken && message.DelayLevel > 0)
        {
            RocketMqScheduledMessages.RecordDelayLevel(levelToken, DateTimeOffset.UtcNow + sendContext.Delay!.Value);
        }
        for (var i = 0; i < topics.Count; i++)
        {
            var (producer, result) = await hostConfiguration.TransportProvider.SendAsync(i == 0 ? message : message with { Topic = topics[i] }, sendContext.CancellationToken)
                .ConfigureAwait(false);
            if (token is { } timerToken && message.DeliverAt is { } deliverAt)
            {
                // What a cancel under this token must name (RocketMqScheduleMessageProvider): one entry per topic written.
                RocketMqScheduledMessages.RecordTimer(timerToken, deliverAt, producer, result);
            }
        }
    }

    public Task Send(IPipe<PipeContext> pipe, CancellationToken cancellationToken = default) => pipe.Send(new Context(cancellationToken));

    public void Probe(ProbeContext context) => context.Add("topics", string.Join(",", topics));

    sealed class Context(CancellationToken cancellationToken) : BasePipeContext(cancellationToken);
}
