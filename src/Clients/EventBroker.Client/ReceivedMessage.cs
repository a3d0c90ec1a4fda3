using System.Net;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client;

/// <summary>
/// A message as a consumer receives it (Java's MessageExt): the body already inflated, the topic already the original
/// one for a redelivered message, and the broker's bookkeeping alongside.
/// </summary>
public sealed class ReceivedMessage
{
    private readonly Dictionary<string, string> _properties;

    internal ReceivedMessage(string topic, ReadOnlyMemory<byte> body, Dictionary<string, string> properties)
    {
        Topic = topic;
        Body = body;
        _properties = properties;
    }

    /// <summary>The topic the message was sent to (for a retried message: its original topic, not %RETRY%group).</summary>
    public string Topic { get; internal set; }

    public ReadOnlyMemory<byte> Body { get; }

    public IReadOnlyDictionary<string, string> Properties => _properties;

    public string? Tag => GetProperty(MessageConst.Tags);

    public IReadOnlyList<string> Keys =>
        GetProperty(MessageConst.Keys) is { Length: > 0 } keys
            ? keys.Split(MessageConst.KeySeparator, StringSplitOptions.RemoveEmptyEntries)
            : [];

    /// <summary>The producer's id for the message (UNIQ_KEY), or <see cref="OffsetMessageId"/> when it set none.</summary>
    public string MessageId => GetProperty(MessageConst.UniqKey) ?? OffsetMessageId;

    /// <summary>Store host and commit-log offset, hex encoded.</summary>
    public string OffsetMessageId { get; internal init; } = "";

    /// <summary>The broker the message was pulled from; empty for a pushed reply.</summary>
    public string BrokerName { get; internal init; } = "";

    public int QueueId { get; internal init; }

    public long QueueOffset { get; internal init; }

    public long CommitLogOffset { get; internal init; }

    /// <summary>How often the message has been redelivered after a failed consumption.</summary>
    public int ReconsumeTimes { get; internal set; }

    public DateTimeOffset BornTimestamp { get; internal init; }

    public DateTimeOffset StoreTimestamp { get; internal init; }

    public IPEndPoint? BornHost { get; internal init; }

    public IPEndPoint? StoreHost { get; internal init; }

    public int Flag { get; internal init; }

    public int SysFlag { get; internal init; }

    public long PreparedTransactionOffset { get; internal init; }

    /// <summary>The transaction id of a half message handed to a transaction checker.</summary>
    public string? TransactionId { get; internal init; }

    /// <summary>The queue it was pulled from: for a retried message that is the group's %RETRY% queue.</summary>
    internal MessageQueue? SourceQueue { get; init; }

    public string? GetProperty(string name) => _properties.TryGetValue(name, out var value) ? value : null;

    internal void SetProperty(string name, string value) => _properties[name] = value;

    internal Dictionary<string, string> CopyProperties() => new(_properties, StringComparer.Ordinal);

    /// <summary>
    /// The reply to a request sent with <see cref="IProducer.RequestAsync"/>, as Java's MessageUtil.createReplyMessage
    /// builds it: to <c>&lt;CLUSTER&gt;_REPLY_TOPIC</c>, carrying the request's correlation id, requester and TTL.
    /// </summary>
    /// <exception cref="InvalidOperationException">This message is not a request (it has no CLUSTER or REPLY_TO_CLIENT).</exception>
    public Message CreateReply(ReadOnlyMemory<byte> body)
    {
        var cluster = GetProperty(MessageConst.Cluster);
        var replyTo = GetProperty(MessageConst.ReplyToClient);
        if (cluster is null || replyTo is null)
        {
            throw new InvalidOperationException("The message is not a request: it has no CLUSTER or REPLY_TO_CLIENT property.");
        }
        var system = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageConst.MsgType] = RequestReply.ReplyMessageType,
            [MessageConst.ReplyToClient] = replyTo,
        };
        if (GetProperty(MessageConst.CorrelationId) is { } correlationId)
        {
            system[MessageConst.CorrelationId] = correlationId;
        }
        if (GetProperty(MessageConst.Ttl) is { } ttl)
        {
            system[MessageConst.Ttl] = ttl;
        }
        return new Message(cluster + RequestReply.ReplyTopicSuffix, body) { SystemProperties = system };
    }

    public override string ToString() =>
        $"ReceivedMessage {{ Topic = {Topic}, MessageId = {MessageId}, Queue = {BrokerName}/{QueueId}@{QueueOffset}, ReconsumeTimes = {ReconsumeTimes}, Body = {Body.Length} bytes }}";
}

/// <summary>Names of RocketMQ's request-reply protocol.</summary>
internal static class RequestReply
{
    /// <summary>MixAll.REPLY_TOPIC_POSTFIX.</summary>
    public const string ReplyTopicSuffix = "_REPLY_TOPIC";

    /// <summary>MixAll.REPLY_MESSAGE_FLAG: the MSG_TYPE that makes a producer send with SEND_REPLY_MESSAGE_V2.</summary>
    public const string ReplyMessageType = "reply";
}
