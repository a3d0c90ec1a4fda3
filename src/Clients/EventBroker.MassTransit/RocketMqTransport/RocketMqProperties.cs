using System.Globalization;

namespace MassTransit.RocketMqTransport;

/// <summary>MassTransit headers as RocketMQ message properties (strings).</summary>
public static class RocketMqProperties
{
    public const string MessageId = "MessageId";
    public const string CorrelationId = "CorrelationId";
    public const string ConversationId = "ConversationId";
    public const string ContentType = "Content-Type";

    /// <summary>
    /// On a message published to the topics of its type and of the types it implements: those topics, most derived first,
    /// separated by ';'. An endpoint subscribed to several of them consumes only the copy from the first it subscribes to.
    /// </summary>
    public const string PublishedTopics = "EB-Published-Topics";

    public static string? ToText(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        Uri uri => uri.ToString(),
        bool flag => flag ? bool.TrueString : bool.FalseString,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Property names RocketMQ itself uses (the client's system properties): never overwritten by a header.</summary>
    public static bool IsReserved(string name) => name is "KEYS" or "TAGS" or "WAIT" or "DELAY" or "RETRY_TOPIC" or "REAL_TOPIC" or "REAL_QID"
        or "TRAN_MSG" or "PGROUP" or "MIN_OFFSET" or "MAX_OFFSET" or "BUYER_ID" or "ORIGIN_MESSAGE_ID" or "TRANSFER_FLAG" or "CORRECTION_FLAG"
        or "MQ2_FLAG" or "RECONSUME_TIME" or "MSG_REGION" or "TRACE_ON" or "UNIQ_KEY" or "MAX_RECONSUME_TIMES" or "CONSUME_START_TIME"
        or "TIMER_DELIVER_MS" or "TIMER_DELAY_SEC" or "TIMER_DELAY_MS" or "CLUSTER" or "REPLY_TO_CLIENT" or "CORRELATION_ID" or "TTL" or "MSG_TYPE";
}
