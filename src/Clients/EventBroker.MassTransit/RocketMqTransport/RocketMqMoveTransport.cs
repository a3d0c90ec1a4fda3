using EventBroker.Client;
using MassTransit.Serialization;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// Moves a received message to another topic (<c>{endpoint}_error</c> or <c>%DLQ%{group}</c>, <c>{endpoint}_skipped</c>):
/// the same body and properties, plus MassTransit's host headers (MT-Host-*) and the reason: the fault headers
/// (MT-Reason "fault", MT-Fault-ExceptionType, -Message, -StackTrace, -Timestamp, -InputAddress, -ConsumerType,
/// -MessageType, -RetryCount) for an error, MT-Reason "dead-letter" for a skipped message.
/// </summary>
public abstract class RocketMqMoveTransport(RocketMqTransportProvider provider, string topic)
{
    public string Topic => topic;

    protected Task Move(ReceiveContext context, Action<SendHeaders> addReason)
    {
        var headers = new DictionarySendHeaders(new Dictionary<string, object?>(StringComparer.Ordinal));
        foreach (var header in context.TransportHeaders.GetAll())
        {
            headers.Set(header.Key, header.Value);
        }
        headers.SetHostHeaders();
        addReason(headers);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers.GetAll())
        {
            if (!RocketMqProperties.IsReserved(header.Key) && header.Key != RocketMqProperties.PublishedTopics
                && RocketMqProperties.ToText(header.Value) is { } text)
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

/// <summary>Where faulted messages go. A class of its own: MassTransit finds it as a payload by type, apart from the dead-letter transport.</summary>
public sealed class RocketMqErrorTransport(RocketMqTransportProvider provider, string topic) : RocketMqMoveTransport(provider, topic), IErrorTransport
{
    public Task Send(ExceptionReceiveContext context) => Move(context, headers => headers.CopyFrom(context.ExceptionHeaders));
}

/// <summary>Where messages no consumer of the endpoint handles go.</summary>
public sealed class RocketMqDeadLetterTransport(RocketMqTransportProvider provider, string topic) : RocketMqMoveTransport(provider, topic), IDeadLetterTransport
{
    public Task Send(ReceiveContext context, string reason) => Move(context, headers => headers.Set(MessageHeaders.Reason, reason ?? "Unspecified"));
}
