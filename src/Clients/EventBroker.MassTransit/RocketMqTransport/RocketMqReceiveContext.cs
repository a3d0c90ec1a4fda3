using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventBroker.Client;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// A received message as MassTransit sees it: properties as headers, the broker's redelivery count as MT-Redelivery-Count,
/// and a redelivery context that hands the message back to the broker (CONSUMER_SEND_MSG_BACK) instead of sending a copy.
/// </summary>
public sealed class RocketMqReceiveContext : BaseReceiveContext
{
    public RocketMqReceiveContext(ReceivedMessage message, ReceiveEndpointContext receiveEndpointContext, RocketMqDelayLevels delayLevels)
        : base(message.ReconsumeTimes > 0, receiveEndpointContext)
    {
        Message = message;
        Body = new BytesMessageBody(message.ReconsumeTimes > 0 ? RedeliveredEnvelope.WithRedeliveryCount(message) : message.Body.ToArray());
        Redelivery = new RocketMqMessageRedeliveryContext(delayLevels);
        AddOrUpdatePayload<MessageRedeliveryContext>(() => Redelivery, _ => Redelivery);
    }

    public ReceivedMessage Message { get; }

    public override MessageBody Body { get; }

    /// <summary>Set when a retry filter or a consumer asked for the message again later.</summary>
    public RocketMqMessageRedeliveryContext Redelivery { get; }

    protected override IHeaderProvider HeaderProvider => new PropertyHeaderProvider(Message);

    sealed class PropertyHeaderProvider(ReceivedMessage message) : IHeaderProvider
    {
        public IEnumerable<KeyValuePair<string, object>> GetAll()
        {
            foreach (var (key, value) in message.Properties)
            {
                if (!RocketMqProperties.IsReserved(key) && key != RocketMqProperties.PublishedTopics && key != MessageHeaders.RedeliveryCount)
                {
                    yield return new KeyValuePair<string, object>(key, value);
                }
            }
            if (message.ReconsumeTimes > 0)
            {
                yield return new KeyValuePair<string, object>(MessageHeaders.RedeliveryCount, message.ReconsumeTimes.ToString(CultureInfo.InvariantCulture));
            }
        }

        public bool TryGetHeader(string key, [NotNullWhen(true)] out object? value)
        {
            if (key == MessageHeaders.RedeliveryCount)
            {
                value = message.ReconsumeTimes > 0 ? message.ReconsumeTimes : null;
                return value is not null;
            }
            if (message.Properties.TryGetValue(key, out var text))
            {
                value = text;
                return true;
            }
            value = null;
            return false;
        }
    }
}

/// <summary>
/// Redelivery through the broker: the message is sent back (CONSUMER_SEND_MSG_BACK) with the smallest delay level at least
/// as long as the requested delay, and comes back on the group's %RETRY% topic with its reconsume count raised. Nothing of
/// the message can change on the way, so a callback that edits the redelivered send context is not supported.
/// </summary>
public sealed class RocketMqMessageRedeliveryContext(RocketMqDelayLevels delayLevels) : MessageRedeliveryContext
{
    /// <summary>The delay level to send the message back with, or 0 when no redelivery was asked for.</summary>
    public int DelayLevel { get; private set; }

    public Task ScheduleRedelivery(TimeSpan delay, Action<ConsumeContext, SendContext>? callback = null)
    {
        if (callback is not null)
        {
            throw new NotSupportedException(
                "RocketMQ redelivers the stored message as it is (CONSUMER_SEND_MSG_BACK): a callback that changes the redelivered message is not supported; redeliver without one.");
        }
        DelayLevel = delayLevels.LevelFor(delay);
        return Task.CompletedTask;
    }
}

/// <summary>
/// MassTransit reads the redelivery count (MT-Redelivery-Count) from the message envelope's headers, and a message the
/// broker redelivers is the stored one, unchanged: the envelope of a redelivered message gets the broker's reconsume count
/// written into its headers, as MassTransit's own transports write it into the copy they redeliver.
/// </summary>
static class RedeliveredEnvelope
{
    public static byte[] WithRedeliveryCount(ReceivedMessage message)
    {
        var body = message.Body.ToArray();
        if (message.GetProperty(RocketMqProperties.ContentType) is { } contentType
            && !contentType.StartsWith("application/vnd.masstransit+json", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }
        try
        {
            if (JsonNode.Parse(body) is not JsonObject envelope)
            {
                return body;
            }
            var key = envelope.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "headers", StringComparison.OrdinalIgnoreCase)) ?? "headers";
            if (envelope[key] is not JsonObject headers)
            {
                headers = [];
                envelope[key] = headers;
            }
            headers[MessageHeaders.RedeliveryCount] = message.ReconsumeTimes;
            return JsonSerializer.SerializeToUtf8Bytes(envelope);
        }
        catch (JsonException)
        {
            // Not an envelope: the deserializer reports it and the message goes to the error topic as it is.
            return body;
        }
    }
}
