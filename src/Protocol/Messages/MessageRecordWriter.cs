using System.Buffers.Binary;
using System.Text;

namespace EventBroker.Protocol.Messages;

/// <summary>Writes stored message records (the MessageDecoder layout, see <see cref="MessageRecord"/>).</summary>
public static class MessageRecordWriter
{
    /// <summary>The record's TOTALSIZE.</summary>
    /// <exception cref="ArgumentException">Missing hosts or topic, a topic over 127 bytes, or properties over 32767 bytes.</exception>
    public static int GetLength(scoped in MessageRecordParts parts)
    {
        Validate(parts, out var topicLength);
        return MessageRecord.CalculateLength(EffectiveSysFlag(parts), parts.Body.Length, topicLength, parts.Properties.Length);
    }

    /// <summary>The sysFlag the record will carry: the caller's, with the host-width bits matching the endpoints.</summary>
    public static int EffectiveSysFlag(scoped in MessageRecordParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts.BornHost);
        ArgumentNullException.ThrowIfNull(parts.StoreHost);
        var sysFlag = parts.SysFlag & ~(MessageSysFlag.BornHostV6 | MessageSysFlag.StoreHostV6);
        if (HostCodec.IsV6(parts.BornHost))
        {
            sysFlag |= MessageSysFlag.BornHostV6;
        }
        if (HostCodec.IsV6(parts.StoreHost))
        {
            sysFlag |= MessageSysFlag.StoreHostV6;
        }
        return sysFlag;
    }

    /// <summary>Writes the record at the start of <paramref name="destination"/>; BODYCRC is computed from the body.</summary>
    /// <returns>The number of bytes written (the TOTALSIZE).</returns>
    public static int Write(scoped in MessageRecordParts parts, Span<byte> destination)
    {
        Validate(parts, out var topicLength);
        var sysFlag = EffectiveSysFlag(parts);
        var totalSize = MessageRecord.CalculateLength(sysFlag, parts.Body.Length, topicLength, parts.Properties.Length);
        if (destination.Length < totalSize)
        {
            throw new ArgumentException($"The record needs {totalSize} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var d = destination[..totalSize];
        BinaryPrimitives.WriteInt32BigEndian(d, totalSize);
        BinaryPrimitives.WriteInt32BigEndian(d[MessageRecord.MagicCodeOffset..], MessageRecord.MagicCode);
        BinaryPrimitives.WriteInt32BigEndian(d[MessageRecord.BodyCrcOffset..], MessageRecord.BodyCrc(parts.Body));
        BinaryPrimitives.WriteInt32BigEndian(d[MessageRecord.QueueIdOffset..], parts.QueueId);
        BinaryPrimitives.WriteInt32BigEndian(d[MessageRecord.FlagOffset..], parts.Flag);
        BinaryPrimitives.WriteInt64BigEndian(d[MessageRecord.QueueOffsetOffset..], parts.QueueOffset);
        BinaryPrimitives.WriteInt64BigEndian(d[MessageRecord.PhysicalOffsetOffset..], parts.PhysicalOffset);
        BinaryPrimitives.WriteInt32BigEndian(d[MessageRecord.SysFlagOffset..], sysFlag);
        BinaryPrimitives.WriteInt64BigEndian(d[MessageRecord.BornTimestampOffset..], parts.BornTimestamp);
        var pos = MessageRecord.BornHostOffset;
        pos += HostCodec.Write(d[pos..], parts.BornHost);
        BinaryPrimitives.WriteInt64BigEndian(d[pos..], parts.StoreTimestamp);
        pos += 8;
        pos += HostCodec.Write(d[pos..], parts.StoreHost);
        BinaryPrimitives.WriteInt32BigEndian(d[pos..], parts.ReconsumeTimes);
        pos += 4;
        BinaryPrimitives.WriteInt64BigEndian(d[pos..], parts.PreparedTransactionOffset);
        pos += 8;
        BinaryPrimitives.WriteInt32BigEndian(d[pos..], parts.Body.Length);
        pos += 4;
        parts.Body.CopyTo(d[pos..]);
        pos += parts.Body.Length;
        d[pos++] = (byte)topicLength;
        pos += Encoding.UTF8.GetBytes(parts.Topic, d[pos..]);
        BinaryPrimitives.WriteInt16BigEndian(d[pos..], (short)parts.Properties.Length);
        pos += 2;
        parts.Properties.CopyTo(d[pos..]);
        return totalSize;
    }

    public static byte[] ToArray(scoped in MessageRecordParts parts)
    {
        var record = new byte[GetLength(parts)];
        Write(parts, record);
        return record;
    }

    private static void Validate(scoped in MessageRecordParts parts, out int topicLength)
    {
        ArgumentNullException.ThrowIfNull(parts.Topic);
        topicLength = Encoding.UTF8.GetByteCount(parts.Topic);
        if (topicLength > MessageRecord.MaxTopicLength)
        {
            throw new ArgumentException($"The topic is {topicLength} bytes; a record holds at most {MessageRecord.MaxTopicLength}.", nameof(parts));
        }
        if (parts.Properties.Length > MessageRecord.MaxPropertiesLength)
        {
            throw new ArgumentException(
                $"The properties are {parts.Properties.Length} bytes; a record holds at most {MessageRecord.MaxPropertiesLength}.", nameof(parts));
        }
    }
}
