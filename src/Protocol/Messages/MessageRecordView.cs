using System.Net;
using System.Text;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// The fixed fields of one stored record plus where its variable parts lie, as decoded by
/// <see cref="MessageRecordReader"/>. Offsets are relative to the record's first byte; pass the same record
/// span to the accessors to get the body, topic and properties without copying.
/// </summary>
public readonly record struct MessageRecordView
{
    public int TotalSize { get; init; }

    public int BodyCrc { get; init; }

    public int QueueId { get; init; }

    public int Flag { get; init; }

    public long QueueOffset { get; init; }

    public long PhysicalOffset { get; init; }

    public int SysFlag { get; init; }

    public long BornTimestamp { get; init; }

    public long StoreTimestamp { get; init; }

    public int ReconsumeTimes { get; init; }

    public long PreparedTransactionOffset { get; init; }

    public int BodyOffset { get; init; }

    public int BodyLength { get; init; }

    public int TopicOffset { get; init; }

    public int TopicLength { get; init; }

    public int PropertiesOffset { get; init; }

    public int PropertiesLength { get; init; }

    public bool IsBornHostV6 => (SysFlag & MessageSysFlag.BornHostV6) != 0;

    public bool IsStoreHostV6 => (SysFlag & MessageSysFlag.StoreHostV6) != 0;

    public int StoreHostOffset => MessageRecord.StoreHostOffset(SysFlag);

    public ReadOnlySpan<byte> GetBody(ReadOnlySpan<byte> record) => record.Slice(BodyOffset, BodyLength);

    public ReadOnlySpan<byte> GetTopicUtf8(ReadOnlySpan<byte> record) => record.Slice(TopicOffset, TopicLength);

    public ReadOnlySpan<byte> GetProperties(ReadOnlySpan<byte> record) => record.Slice(PropertiesOffset, PropertiesLength);

    /// <summary>The storeHost as it is encoded (address + port), which is the first part of the offsetMsgId.</summary>
    public ReadOnlySpan<byte> GetStoreHostBytes(ReadOnlySpan<byte> record) =>
        record.Slice(StoreHostOffset, MessageRecord.StoreHostLength(SysFlag));

    public string GetTopic(ReadOnlySpan<byte> record) => Encoding.UTF8.GetString(GetTopicUtf8(record));

    public IPEndPoint GetBornHost(ReadOnlySpan<byte> record) => HostCodec.Read(record[MessageRecord.BornHostOffset..], IsBornHostV6);

    public IPEndPoint GetStoreHost(ReadOnlySpan<byte> record) => HostCodec.Read(record[StoreHostOffset..], IsStoreHostV6);

    /// <summary>The offsetMsgId (what the broker returns as msgId): storeHost + physical offset in hex.</summary>
    public string GetOffsetMsgId(ReadOnlySpan<byte> record)
    {
        Span<char> id = stackalloc char[MessageId.OffsetMsgIdLengthV6];
        var length = MessageId.WriteOffsetMsgId(id, GetStoreHostBytes(record), PhysicalOffset);
        return new string(id[..length]);
    }
}
