using EventBroker.Client;

namespace MassTransit.RocketMqTransport;

/// <summary>Moves a received message to another topic (<c>{endpoint}_error</c>, <c>{endpoint}_skipped</c>) with extra headers.</summary>
public sealed class RocketMqMoveTransport(RocketMqTransportProvider provider, string topic) : IErrorTransport, IDeadLetterTransport
{
    public string Topic => topic;

    public Task Send(ExceptionReceiveContext context) => Move(context, context.ExceptionHeaders.GetAll());

    public Task Send(ReceiveContext context, string reason) =>
        Move(context, [new KeyValuePair<string, object>(MessageHeaders.Reason, reason ?? "Unspecified")]);

    Task Move(ReceiveContext context, IEnumerable<KeyValuePair<string, object>> extra)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in context.TransportHeaders.GetAll().Concat(extra))
        {
            if (!RocketMqProperties.IsReserved(header.Key) && RocketMqProperties.ToText(header.Value) is { } text)
            {
                properties[header.Key] = text;
            }
        }
        var messageId = context.GetMessageId()?.ToString();
        var message = new Message(topic, context.GetBody())
        {
            Keys = messageId is null ? [] : [messageId],
            Properties = properties,
        };
        return provider.SendAsync(message, CancellationToken.None);
    }
}
