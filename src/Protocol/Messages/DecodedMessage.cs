using System.Net;
using System.Text;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// A stored record decoded into objects (MessageExt in Java), for tests, admin tools and the .NET client.
/// The broker's hot paths use <see cref="MessageRecordReader"/> instead. A compressed body stays compressed.
/// </summary>
public sealed class DecodedMessage
{
    public int StoreSize { get; set; }

    public int BodyCrc { get; set; }

    public int QueueId { get; set; }

    public int Flag { get; set; }

    public long QueueOffset { get; set; }

    /// <summary>The record's physical (commit-log) offset.</summary>
    public long CommitLogOffset { get; set; }

    public int SysFlag { get; set; }

    public long BornTimestamp { get; set; }

    public IPEndPoint BornHost { get; set; } = new(IPAddress.Any, 0);

    public long StoreTimestamp { get; set; }

    public IPEndPoint StoreHost { get; set; } = new(IPAddress.Any, 0);

    public int ReconsumeTimes { get; set; }

    public long PreparedTransactionOffset { get; set; }

    public byte[] Body { get; set; } = [];

    public string Topic { get; set; } = "";

    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The offsetMsgId derived from storeHost and the commit-log offset.</summary>
    public string OffsetMsgId => MessageId.CreateOffsetMsgId(StoreHost, CommitLogOffset);

    /// <summary>What a Java client calls msgId: UNIQ_KEY when the producer set one (ali-ons does not), else the offsetMsgId.</summary>
    public string MsgId => GetProperty(MessageConst.UniqKey) ?? OffsetMsgId;

    public string? Tags => GetProperty(MessageConst.Tags);

    public string? Keys => GetProperty(MessageConst.Keys);

    public string? GetProperty(string key) => Properties.TryGetValue(key, out var value) ? value : null;

    /// <exception cref="FormatException">The bytes do not start with a whole, valid record.</exception>
    public static DecodedMessage Decode(ReadOnlySpan<byte> record)
    {
        if (!MessageRecordReader.TryRead(record, out var view, out _))
        {
            throw new FormatException("The buffer does not start with a valid message record.");
        }
        return FromView(view, record);
    }

    /// <summary>Records back to back (a pull body), stopping at the first that does not decode, as clients do.</summary>
    public static List<DecodedMessage> DecodeAll(ReadOnlySpan<byte> buffer)
    {
        var messages = new List<DecodedMessage>();
        while (MessageRecordReader.TryRead(buffer, out var view, out var length))
        {
            messages.Add(FromView(view, buffer));
            buffer = buffer[length..];
        }
        return messages;
    }

    public static DecodedMessage FromView(MessageRecordView view, ReadOnlySpan<byte> record) => new()
    {
        StoreSize = view.TotalSize,
        BodyCrc = view.BodyCrc,
        QueueId = view.QueueId,
        Flag = view.Flag,
        QueueOffset = view.QueueOffset,
        CommitLogOffset = view.PhysicalOffset,
        SysFlag = view.SysFlag,
        BornTimestamp = view.BornTimestamp,
        BornHost = view.GetBornHost(record),
        StoreTimestamp = view.StoreTimestamp,
        StoreHost = view.GetStoreHost(record),
        ReconsumeTimes = view.ReconsumeTimes,
        PreparedTransactionOffset = view.PreparedTransactionOffset,
        Body = view.GetBody(record).ToArray(),
        Topic = view.GetTopic(record),
        Properties = MessageProperties.Parse(view.GetProperties(record)),
    };

    /// <summary>Encodes back to a record; properties are written in Java HashMap order, as a Java broker stores them.</summary>
    public byte[] Encode()
    {
        var properties = Encoding.UTF8.GetBytes(MessageProperties.FormatInJavaOrder(Properties));
        var parts = new MessageRecordParts
        {
            QueueId = QueueId,
            Flag = Flag,
            QueueOffset = QueueOffset,
            PhysicalOffset = CommitLogOffset,
            SysFlag = SysFlag,
            BornTimestamp = BornTimestamp,
            BornHost = BornHost,
            StoreTimestamp = StoreTimestamp,
            StoreHost = StoreHost,
            ReconsumeTimes = ReconsumeTimes,
            PreparedTransactionOffset = PreparedTransactionOffset,
            Body = Body,
            Topic = Topic,
            Properties = properties,
        };
        return MessageRecordWriter.ToArray(parts);
    }
}
