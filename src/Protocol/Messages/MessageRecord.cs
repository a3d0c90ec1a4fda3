using System.Buffers.Binary;
using System.Net;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// Layout of a stored message record (MessageDecoder / CommitLog), the unit of a pull response body:
/// <code>
///  0 TOTALSIZE int32          4 MAGICCODE int32          8 BODYCRC int32          12 QUEUEID int32
/// 16 FLAG int32              20 QUEUEOFFSET int64       28 PHYSICALOFFSET int64   36 SYSFLAG int32
/// 40 BORNTIMESTAMP int64     48 BORNHOST 4+4 | 16+4 (sysFlag 0x10)
///    STORETIMESTAMP int64       STOREHOST 4+4 | 16+4 (sysFlag 0x20)
///    RECONSUMETIMES int32       PREPAREDTRANSACTIONOFFSET int64
///    BODYLEN int32 + BODY       TOPICLEN int8 + TOPIC      PROPERTIESLEN int16 + PROPERTIES
/// </code>
/// All integers big-endian. Fields up to BORNHOST sit at fixed offsets; the rest move with the host widths.
/// </summary>
public static class MessageRecord
{
    /// <summary>0xDAA320A7, -626843481 as a Java int.</summary>
    public const int MagicCode = unchecked((int)0xDAA320A7);

    public const int TotalSizeOffset = 0;
    public const int MagicCodeOffset = 4;
    public const int BodyCrcOffset = 8;
    public const int QueueIdOffset = 12;
    public const int FlagOffset = 16;
    public const int QueueOffsetOffset = 20;
    public const int PhysicalOffsetOffset = 28;
    public const int SysFlagOffset = 36;
    public const int BornTimestampOffset = 40;
    public const int BornHostOffset = 48;

    /// <summary>The topic length is one signed byte.</summary>
    public const int MaxTopicLength = sbyte.MaxValue;

    /// <summary>The properties length is a signed short.</summary>
    public const int MaxPropertiesLength = short.MaxValue;

    /// <summary>Every fixed-size field with IPv4 hosts, plus the three length prefixes.</summary>
    public const int MinLength = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + 1 + 2;

    /// <summary>8 for an IPv4 host (address + port), 20 for IPv6.</summary>
    public static int HostLength(bool ipv6) => ipv6 ? 20 : 8;

    public static int BornHostLength(int sysFlag) => HostLength((sysFlag & MessageSysFlag.BornHostV6) != 0);

    public static int StoreHostLength(int sysFlag) => HostLength((sysFlag & MessageSysFlag.StoreHostV6) != 0);

    public static int StoreTimestampOffset(int sysFlag) => BornHostOffset + BornHostLength(sysFlag);

    public static int StoreHostOffset(int sysFlag) => StoreTimestampOffset(sysFlag) + 8;

    public static int ReconsumeTimesOffset(int sysFlag) => StoreHostOffset(sysFlag) + StoreHostLength(sysFlag);

    public static int PreparedTransactionOffsetOffset(int sysFlag) => ReconsumeTimesOffset(sysFlag) + 4;

    public static int BodyLengthOffset(int sysFlag) => PreparedTransactionOffsetOffset(sysFlag) + 8;

    /// <summary>CommitLog.calMsgLength: the TOTALSIZE of a record with these variable parts.</summary>
    public static int CalculateLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) =>
        BodyLengthOffset(sysFlag) + 4 + bodyLength + 1 + topicLength + 2 + propertiesLength;

    /// <summary>BODYCRC as the Java store computes it: UtilAll.crc32 masks off the sign bit.</summary>
    public static int BodyCrc(ReadOnlySpan<byte> body) => (int)(Crc32.Compute(body) & 0x7FFFFFFF);

    public static int ReadSysFlag(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32BigEndian(record[SysFlagOffset..]);

    /// <summary>Sets the consume-queue offset once the record's queue position is known.</summary>
    public static void PatchQueueOffset(Span<byte> record, long queueOffset) =>
        BinaryPrimitives.WriteInt64BigEndian(record[QueueOffsetOffset..], queueOffset);

    /// <summary>Sets the commit-log offset (which the offsetMsgId encodes) once the record's position is known.</summary>
    public static void PatchPhysicalOffset(Span<byte> record, long physicalOffset) =>
        BinaryPrimitives.WriteInt64BigEndian(record[PhysicalOffsetOffset..], physicalOffset);

    public static void PatchStoreTimestamp(Span<byte> record, long storeTimestamp) =>
        BinaryPrimitives.WriteInt64BigEndian(record[StoreTimestampOffset(ReadSysFlag(record))..], storeTimestamp);

    /// <summary>Replaces the storeHost; the new host must have the address family the record already has room for.</summary>
    /// <exception cref="ArgumentException">The family differs from the record's STOREHOST_V6 bit.</exception>
    public static void PatchStoreHost(Span<byte> record, IPEndPoint storeHost)
    {
        ArgumentNullException.ThrowIfNull(storeHost);
        var sysFlag = ReadSysFlag(record);
        var recordIsV6 = (sysFlag & MessageSysFlag.StoreHostV6) != 0;
        if (HostCodec.IsV6(storeHost) != recordIsV6)
        {
            throw new ArgumentException($"The record holds an IPv{(recordIsV6 ? 6 : 4)} storeHost; {storeHost} does not fit.", nameof(storeHost));
        }
        HostCodec.Write(record[StoreHostOffset(sysFlag)..], storeHost);
    }

    public static void PatchReconsumeTimes(Span<byte> record, int reconsumeTimes) =>
        BinaryPrimitives.WriteInt32BigEndian(record[ReconsumeTimesOffset(ReadSysFlag(record))..], reconsumeTimes);
}
