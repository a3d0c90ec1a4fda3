using System.Globalization;
using System.IO.Compression;
using System.Text;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Producing;

/// <summary>A message as it goes on the wire: final body, sysFlag, properties text and the header fields taken from properties.</summary>
internal sealed record EncodedMessage(
    ReadOnlyMemory<byte> Body,
    int SysFlag,
    string Properties,
    string? UniqueKey,
    int? ReconsumeTimes,
    int? MaxReconsumeTimes,
    bool IsReply);

/// <summary>
/// Turns a <see cref="Message"/> into what DefaultMQProducerImpl.sendKernelImpl sends: properties (KEYS, TAGS, WAIT,
/// DELAY, TIMER_DELIVER_MS, UNIQ_KEY, user ones), a zlib-compressed body with the COMPRESSED flag for bodies at the
/// threshold or over, and the PREPARED flag for transactional half messages.
/// </summary>
internal static class MessageEncoder
{
    /// <summary>RocketMQ 5's timer-message property: an absolute delivery time in epoch milliseconds.</summary>
    public const string TimerDeliverMs = "TIMER_DELIVER_MS";

    // Java refuses these as user properties (MessageConst.STRING_HASH_SET): they steer the broker.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        MessageConst.Keys, MessageConst.Tags, MessageConst.Wait, MessageConst.Delay, MessageConst.RetryTopic,
        MessageConst.RealTopic, MessageConst.RealQid, MessageConst.TranMsg, MessageConst.PGroup, MessageConst.MinOffset,
        MessageConst.MaxOffset, MessageConst.BuyerId, MessageConst.OriginMessageId, MessageConst.TransferFlag,
        MessageConst.CorrectionFlag, MessageConst.Mq2Flag, MessageConst.ReconsumeTime, MessageConst.MsgRegion,
        MessageConst.TraceOn, MessageConst.UniqKey, MessageConst.MaxReconsumeTimes, MessageConst.ConsumeStartTime,
        MessageConst.TranPreparedQueueOffset, MessageConst.TransactionCheckTimes, MessageConst.CheckImmunityTimeInSeconds,
        MessageConst.InstanceId, MessageConst.CorrelationId, MessageConst.ReplyToClient, MessageConst.Ttl,
        MessageConst.ArriveTime, MessageConst.PushReplyTime, MessageConst.Cluster, MessageConst.MsgType,
        MessageConst.InnerMultiDispatch, MessageConst.InnerMultiQueueOffset, TimerDeliverMs, "TIMER_DELAY_SEC", "TIMER_DELAY_MS", MessageConst.TimerDelUniqKey,
    };

    /// <summary>Validators.checkMessage plus the client's own checks on properties.</summary>
    public static void Validate(Message message, int maxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(message);
        Names.ValidateTopic(message.Topic);
        if (Names.IsNotAllowedSendTopic(message.Topic))
        {
            throw new ArgumentException($"Sending messages to the system topic '{message.Topic}' is not allowed.");
        }
        if (message.Body.IsEmpty)
        {
            throw new ArgumentException("The message body is empty.");
        }
        if (message.Body.Length > maxMessageSize)
        {
            throw new ArgumentException($"The message body is {message.Body.Length} bytes; the maximum is {maxMessageSize}.");
        }
        if (message.DelayLevel < 0)
        {
            throw new ArgumentException($"DelayLevel {message.DelayLevel} is negative.");
        }
        if (message.DelayLevel > 0 && message.DeliverAt is not null)
        {
            throw new ArgumentException("Set either DelayLevel or DeliverAt, not both.");
        }
        foreach (var (key, value) in message.Properties)
        {
            if (Reserved.Contains(key))
            {
                throw new ArgumentException($"The property '{key}' is used by the system; use Tag, Keys, DelayLevel or DeliverAt, or another name.");
            }
            CheckText(key, "property name");
            CheckText(value, "property value");
        }
        if (message.Tag is not null)
        {
            CheckText(message.Tag, "tag");
        }
        foreach (var key in message.Keys)
        {
            CheckText(key, "key");
        }
    }

    public static EncodedMessage Encode(Message message, ProducerOptions options, string? producerGroupForTransaction)
    {
        var properties = BuildProperties(message);
        if (!properties.ContainsKey(MessageConst.UniqKey))
        {
            properties[MessageConst.UniqKey] = UniqueKey.Create();
        }
        var sysFlag = 0;
        if (producerGroupForTransaction is not null)
        {
            properties[MessageConst.TranMsg] = "true";
            properties[MessageConst.PGroup] = producerGroupForTransaction;
            sysFlag |= MessageSysFlag.TransactionPreparedType;
        }

        int? reconsumeTimes = null, maxReconsumeTimes = null;
        if (message.Topic.StartsWith(Names.RetryTopicPrefix, StringComparison.Ordinal))
        {
            // A send to a retry topic carries these in the header, not the properties (sendKernelImpl).
            reconsumeTimes = TakeInt(properties, MessageConst.ReconsumeTime);
            maxReconsumeTimes = TakeInt(properties, MessageConst.MaxReconsumeTimes);
        }

        var body = message.Body;
        if (body.Length >= options.CompressBodyThreshold)
        {
            body = Compress(body.Span, options.CompressionLevel);
            sysFlag |= MessageSysFlag.Compressed;
        }
        var text = Format(properties);
        var isReply = properties.TryGetValue(MessageConst.MsgType, out var type) && type == RequestReply.ReplyMessageType;
        return new EncodedMessage(body, sysFlag, text, properties[MessageConst.UniqKey], reconsumeTimes, maxReconsumeTimes, isReply);
    }

    /// <summary>The properties a message carries, before UNIQ_KEY and the transaction markers are added.</summary>
    public static Dictionary<string, string> BuildProperties(Message message)
    {
        var properties = new Dictionary<string, string>(message.Properties.Count + 6, StringComparer.Ordinal);
        foreach (var (key, value) in message.Properties)
        {
            properties[key] = value;
        }
        if (message.Keys.Count > 0)
        {
            properties[MessageConst.Keys] = string.Join(MessageConst.KeySeparator, message.Keys);
        }
        if (message.Tag is { Length: > 0 } tag)
        {
            properties[MessageConst.Tags] = tag;
        }
        properties[MessageConst.Wait] = message.WaitStoreMessageOk ? "true" : "false";
        if (message.DelayLevel > 0)
        {
            properties[MessageConst.Delay] = message.DelayLevel.ToString(CultureInfo.InvariantCulture);
        }
        if (message.DeliverAt is { } deliverAt)
        {
            properties[TimerDeliverMs] = deliverAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        }
        if (message.SystemProperties is { } system)
        {
            foreach (var (key, value) in system)
            {
                properties[key] = value;
            }
        }
        return properties;
    }

    /// <summary>Properties in Java HashMap order (what a Java producer writes), checked against the int16 length field.</summary>
    public static string Format(Dictionary<string, string> properties)
    {
        var text = MessageProperties.FormatInJavaOrder(properties);
        if (Encoding.UTF8.GetByteCount(text) > MessageRecord.MaxPropertiesLength)
        {
            throw new ArgumentException($"The message properties exceed {MessageRecord.MaxPropertiesLength} bytes.");
        }
        return text;
    }

    /// <summary>zlib (RFC 1950) at Java's level, as UtilAll.compress writes it and consumers inflate it.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> body, int level)
    {
        using var output = new MemoryStream(body.Length / 2 + 64);
        using (var zlib = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(body);
        }
        return output.ToArray();
    }

    public static byte[] Decompress(ReadOnlySpan<byte> body)
    {
        using var input = new MemoryStream(body.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(body.Length * 4);
        zlib.CopyTo(output);
        return output.ToArray();
    }

    private static int? TakeInt(Dictionary<string, string> properties, string key)
    {
        if (!properties.Remove(key, out var text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    // \u0001 and \u0002 delimit properties on the wire: inside a value they would corrupt every property after it.
    private static void CheckText(string text, string what)
    {
        if (text.AsSpan().IndexOfAny(MessageConst.NameValueSeparator, MessageConst.PropertySeparator) >= 0)
        {
            throw new ArgumentException($"A {what} may not contain the characters \\u0001 or \\u0002.");
        }
    }
}
