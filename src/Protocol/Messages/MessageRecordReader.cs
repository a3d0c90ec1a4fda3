using System.Buffers.Binary;

namespace EventBroker.Protocol.Messages;

/// <summary>Decodes stored message records (see <see cref="MessageRecord"/>) in place.</summary>
public static class MessageRecordReader
{
    /// <summary>
    /// Reads the record at the start of <paramref name="buffer"/>. Returns false when it does not decode: too
    /// short, a wrong magic code, a negative length, or TOTALSIZE disagreeing with the parts (the checks of
    /// CommitLog.checkMessageAndReturnSize). A client reading a pull body stops at the first such record.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out MessageRecordView view, out int recordLength)
    {
        view = default;
        recordLength = 0;
        if (buffer.Length < MessageRecord.MinLength)
        {
            return false;
        }
        var totalSize = BinaryPrimitives.ReadInt32BigEndian(buffer);
        if (totalSize < MessageRecord.MinLength || totalSize > buffer.Length
            || BinaryPrimitives.ReadInt32BigEndian(buffer[MessageRecord.MagicCodeOffset..]) != MessageRecord.MagicCode)
        {
            return false;
        }
        var record = buffer[..totalSize];
        var sysFlag = BinaryPrimitives.ReadInt32BigEndian(record[MessageRecord.SysFlagOffset..]);
        var bodyLengthOffset = MessageRecord.BodyLengthOffset(sysFlag);
        if (bodyLengthOffset + 4 > totalSize)
        {
            return false;
        }
        var bodyLength = BinaryPrimitives.ReadInt32BigEndian(record[bodyLengthOffset..]);
        var bodyOffset = bodyLengthOffset + 4;
        if (bodyLength < 0 || bodyLength > totalSize - bodyOffset - 1 - 2)
        {
            return false;
        }
        var topicLengthOffset = bodyOffset + bodyLength;
        var topicLength = (sbyte)record[topicLengthOffset];
        var topicOffset = topicLengthOffset + 1;
        if (topicLength < 0 || topicOffset + topicLength + 2 > totalSize)
        {
            return false;
        }
        var propertiesLength = BinaryPrimitives.ReadInt16BigEndian(record[(topicOffset + topicLength)..]);
        var propertiesOffset = topicOffset + topicLength + 2;
        if (propertiesLength < 0 || propertiesOffset + propertiesLength != totalSize)
        {
            return false;
        }

        var storeTimestampOffset = MessageRecord.StoreTimestampOffset(sysFlag);
        var reconsumeTimesOffset = MessageRecord.ReconsumeTimesOffset(sysFlag);
        view = new MessageRecordView
        {
            TotalSize = totalSize,
            BodyCrc = BinaryPrimitives.ReadInt32BigEndian(record[MessageRecord.BodyCrcOffset..]),
            QueueId = BinaryPrimitives.ReadInt32BigEndian(record[MessageRecord.QueueIdOffset..]),
            Flag = BinaryPrimitives.ReadInt32BigEndian(record[MessageRecord.FlagOffset..]),
            QueueOffset = BinaryPrimitives.ReadInt64BigEndian(record[MessageRecord.QueueOffsetOffset..]),
            PhysicalOffset = BinaryPrimitives.ReadInt64BigEndian(record[MessageRecord.PhysicalOffsetOffset..]),
            SysFlag = sysFlag,
            BornTimestamp = BinaryPrimitives.ReadInt64BigEndian(record[MessageRecord.BornTimestampOffset..]),
            StoreTimestamp = BinaryPrimitives.ReadInt64BigEndian(record[storeTimestampOffset..]),
            ReconsumeTimes = BinaryPrimitives.ReadInt32BigEndian(record[reconsumeTimesOffset..]),
            PreparedTransactionOffset = BinaryPrimitives.ReadInt64BigEndian(record[(reconsumeTimesOffset + 4)..]),
            BodyOffset = bodyOffset,
            BodyLength = bodyLength,
            TopicOffset = topicOffset,
            TopicLength = topicLength,
            PropertiesOffset = propertiesOffset,
            PropertiesLength = propertiesLength,
        };
        recordLength = totalSize;
        return true;
    }
}
