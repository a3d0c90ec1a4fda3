using System.Net;

namespace EventBroker.Protocol.Messages;

/// <summary>The fields of a stored record, for <see cref="MessageRecordWriter"/>. Spans point at the caller's buffers.</summary>
public ref struct MessageRecordParts
{
    public int QueueId { get; set; }

    /// <summary>The user flag the producer sent.</summary>
    public int Flag { get; set; }

    public long QueueOffset { get; set; }

    public long PhysicalOffset { get; set; }

    /// <summary>The host-width bits (BornHostV6, StoreHostV6) are set from the endpoints when written.</summary>
    public int SysFlag { get; set; }

    public long BornTimestamp { get; set; }

    public IPEndPoint BornHost { get; set; }

    public long StoreTimestamp { get; set; }

    public IPEndPoint StoreHost { get; set; }

    public int ReconsumeTimes { get; set; }

    public long PreparedTransactionOffset { get; set; }

    public ReadOnlySpan<byte> Body { get; set; }

    public string Topic { get; set; }

    /// <summary>UTF-8 properties text (see <see cref="MessageProperties"/>).</summary>
    public ReadOnlySpan<byte> Properties { get; set; }
}
