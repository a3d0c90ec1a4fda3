using EventBroker.Client;
using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

/// <summary>Writes a message to one topic: headers and ids as properties, the MessageId also as a key, a delay as a delivery time.</summary>
public sealed class RocketMqSendTransportContext(RocketMqHostConfiguration hostConfiguration, ReceiveEndpointContext context, string topic)
    : BaseSendTransportContext(hostConfiguration, context.Serialization), SendTransportContext<PipeContext>
{
    public override string EntityName => topic;

    public override string ActivitySystem => "rocketmq";

    public override async Task<SendContext<T>> CreateSendContext<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
    {
        var sendContext = new MessageSendContext<T>(message, cancellationToken);
        await pipe.Send(sendContext).ConfigureAwait(false);
        return sendContext;
    }

    public Task<SendContext<T>> CreateSendContext<T>(PipeContext context, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class => CreateSendContext(message, pipe, cancellationToken);

    public Task Send<T>(PipeContext transportContext, SendContext<T> sendContext)
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
        var message = new Message(topic, context.Body.GetBytes())
        {
            Keys = [messageId.ToString()],
            Properties = properties,
            DeliverAt = sendContext.Delay is { } delay && delay > TimeSpan.Zero ? DateTimeOffset.UtcNow + delay : null,
        };
        return hostConfiguration.TransportProvider.SendAsync(message, sendContext.CancellationToken);
    }

    public Task Send(IPipe<PipeContext> pipe, CancellationToken cancellationToken = default) => pipe.Send(new Context(cancellationToken));

    public void Probe(ProbeContext context) => context.Add("topic", topic);

    sealed class Context(CancellationToken cancellationToken) : BasePipeContext(cancellationToken);
}
