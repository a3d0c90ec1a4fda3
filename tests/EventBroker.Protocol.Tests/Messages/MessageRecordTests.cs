using System.Buffers.Binary;
using System.Net;
using System.Text;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class MessageRecordTests
{
    private static readonly IPEndPoint BornV4 = new(IPAddress.Parse("192.168.1.2"), 50000);
    private static readonly IPEndPoint StoreV4 = new(IPAddress.Parse("10.0.0.1"), 10911);
    private static readonly IPEndPoint BornV6 = new(IPAddress.Parse("2001:db8::2"), 50001);
    private static readonly IPEndPoint StoreV6 = new(IPAddress.Parse("2001:db8::1"), 10911);
    private static readonly byte[] Body = "hello"u8.ToArray();
    private static readonly byte[] Properties = Encoding.UTF8.GetBytes("TAGS\u0001TagA\u0002UNIQ_KEY\u0001ABC");

    private static MessageRecordParts Parts(IPEndPoint born, IPEndPoint store, int sysFlag = 0) => new()
    {
        QueueId = 3,
        Flag = 7,
        QueueOffset = 5,
        PhysicalOffset = 1234,
        SysFlag = sysFlag,
        BornTimestamp = 1700000000000,
        BornHost = born,
        StoreTimestamp = 1700000000123,
        StoreHost = store,
        ReconsumeTimes = 2,
        PreparedTransactionOffset = 0,
        Body = Body,
        Topic = "TopicTest",
        Properties = Properties,
    };

    /// <summary>The IPv4 record written field by field from the §5 table, independently of the writer.</summary>
    private static byte[] HandBuiltV4Record()
    {
        var bytes = new List<byte>();
        void Int(int v) => bytes.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        void Long(long v)
        {
            Int((int)(v >> 32));
            Int((int)v);
        }
        var totalSize = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + (4 + 5) + (1 + 9) + (2 + Properties.Length);
        Int(totalSize);                         // 1 TOTALSIZE
        Int(unchecked((int)0xDAA320A7));        // 2 MAGICCODE
        Int(0x3610A686);                        // 3 BODYCRC: CRC32("hello")
        Int(3);                                 // 4 QUEUEID
        Int(7);                                 // 5 FLAG
        Long(5);                                // 6 QUEUEOFFSET
        Long(1234);                             // 7 PHYSICALOFFSET
        Int(0);                                 // 8 SYSFLAG
        Long(1700000000000);                    // 9 BORNTIMESTAMP
        bytes.AddRange([192, 168, 1, 2]);       // 10 BORNHOST
        Int(50000);
        Long(1700000000123);                    // 11 STORETIMESTAMP
        bytes.AddRange([10, 0, 0, 1]);          // 12 STOREHOST
        Int(10911);
        Int(2);                                 // 13 RECONSUMETIMES
        Long(0);                                // 14 PREPARED TRANSACTION OFFSET
        Int(5);                                 // 15 BODYLEN + BODY
        bytes.AddRange(Body);
        bytes.Add(9);                           // 16 TOPICLEN + TOPIC
        bytes.AddRange("TopicTest"u8.ToArray());
        bytes.Add((byte)(Properties.Length >> 8)); // 17 PROPERTIESLEN + PROPERTIES
        bytes.Add((byte)Properties.Length);
        bytes.AddRange(Properties);
        return [.. bytes];
    }

    [Fact]
    public void Write_produces_the_hand_built_record_byte_for_byte()
    {
        var expected = HandBuiltV4Record();
        var parts = Parts(BornV4, StoreV4);
        Assert.Equal(expected.Length, MessageRecordWriter.GetLength(parts));
        Assert.Equal(expected, MessageRecordWriter.ToArray(parts));
    }

    [Fact]
    public void TryRead_decodes_the_hand_built_record()
    {
        var record = HandBuiltV4Record();
        var buffer = record.Concat(new byte[] { 1, 2, 3 }).ToArray();

        Assert.True(MessageRecordReader.TryRead(buffer, out var view, out var length));
        Assert.Equal(record.Length, length);
        Assert.Equal(record.Length, view.TotalSize);
        Assert.Equal(0x3610A686, view.BodyCrc);
        Assert.Equal(3, view.QueueId);
        Assert.Equal(7, view.Flag);
        Assert.Equal(5, view.QueueOffset);
        Assert.Equal(1234, view.PhysicalOffset);
        Assert.Equal(0, view.SysFlag);
        Assert.Equal(1700000000000, view.BornTimestamp);
        Assert.Equal(1700000000123, view.StoreTimestamp);
        Assert.Equal(2, view.ReconsumeTimes);
        Assert.Equal(0, view.PreparedTransactionOffset);
        Assert.Equal(BornV4, view.GetBornHost(record));
        Assert.Equal(StoreV4, view.GetStoreHost(record));
        Assert.Equal(Body, view.GetBody(record).ToArray());
        Assert.Equal("TopicTest", view.GetTopic(record));
        Assert.Equal(Properties, view.GetProperties(record).ToArray());
        Assert.Equal("0A00000100002A9F00000000000004D2", view.GetOffsetMsgId(record));
    }

    [Fact]
    public void Ipv6_hosts_set_the_sysflag_bits_and_round_trip()
    {
        var parts = Parts(BornV6, StoreV6, sysFlag: MessageSysFlag.MultiTags | MessageSysFlag.StoreHostV6);
        var record = MessageRecordWriter.ToArray(parts);

        Assert.Equal(HandBuiltV4Record().Length + 24, record.Length);
        Assert.True(MessageRecordReader.TryRead(record, out var view, out _));
        Assert.Equal(MessageSysFlag.MultiTags | MessageSysFlag.BornHostV6 | MessageSysFlag.StoreHostV6, view.SysFlag);
        Assert.True(view.IsBornHostV6);
        Assert.True(view.IsStoreHostV6);
        Assert.Equal(BornV6, view.GetBornHost(record));
        Assert.Equal(StoreV6, view.GetStoreHost(record));
        Assert.Equal(1700000000123, view.StoreTimestamp);
        Assert.Equal("TopicTest", view.GetTopic(record));
        Assert.Equal(56, view.GetOffsetMsgId(record).Length);
    }

    [Fact]
    public void Mixed_hosts_use_one_width_each()
    {
        var record = MessageRecordWriter.ToArray(Parts(BornV6, StoreV4, sysFlag: MessageSysFlag.StoreHostV6));
        Assert.True(MessageRecordReader.TryRead(record, out var view, out _));
        Assert.Equal(MessageSysFlag.BornHostV6, view.SysFlag);
        Assert.Equal(StoreV4, view.GetStoreHost(record));
        Assert.Equal(BornV6, view.GetBornHost(record));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_hosts_are_written_as_ipv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("192.168.1.2").MapToIPv6(), 50000);
        var record = MessageRecordWriter.ToArray(Parts(mapped, StoreV4));
        Assert.Equal(HandBuiltV4Record(), record);
    }

    [Fact]
    public void Patch_methods_rewrite_fields_in_place()
    {
        var record = MessageRecordWriter.ToArray(Parts(BornV4, StoreV4));
        MessageRecord.PatchQueueOffset(record, 77);
        MessageRecord.PatchPhysicalOffset(record, 0x0102030405060708);
        MessageRecord.PatchStoreTimestamp(record, 42);
        MessageRecord.PatchStoreHost(record, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 10912));
        MessageRecord.PatchReconsumeTimes(record, 9);

        Assert.Equal(77, BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(20)));
        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(28)));
        Assert.Equal(42, BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(56)));
        Assert.True(MessageRecordReader.TryRead(record, out var view, out _));
        Assert.Equal(77, view.QueueOffset);
        Assert.Equal(0x0102030405060708, view.PhysicalOffset);
        Assert.Equal(42, view.StoreTimestamp);
        Assert.Equal(9, view.ReconsumeTimes);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 10912), view.GetStoreHost(record));
    }

    [Fact]
    public void Patch_store_fields_follow_ipv6_widths()
    {
        var record = MessageRecordWriter.ToArray(Parts(BornV6, StoreV6));
        Assert.Equal(68, MessageRecord.StoreTimestampOffset(MessageRecord.ReadSysFlag(record)));
        MessageRecord.PatchStoreTimestamp(record, 43);
        Assert.Equal(43, BinaryPrimitives.ReadInt64BigEndian(record.AsSpan(68)));
        Assert.Throws<ArgumentException>(() => MessageRecord.PatchStoreHost(record, StoreV4));
        MessageRecord.PatchStoreHost(record, new IPEndPoint(IPAddress.IPv6Loopback, 1));
        Assert.True(MessageRecordReader.TryRead(record, out var view, out _));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 1), view.GetStoreHost(record));
        Assert.Equal(43, view.StoreTimestamp);
    }

    [Fact]
    public void TryRead_rejects_records_that_do_not_decode()
    {
        var record = HandBuiltV4Record();
        Assert.False(MessageRecordReader.TryRead([], out _, out _));
        Assert.False(MessageRecordReader.TryRead(record.AsSpan(0, record.Length - 1), out _, out _));

        var badMagic = (byte[])record.Clone();
        badMagic[4] ^= 0xFF;
        Assert.False(MessageRecordReader.TryRead(badMagic, out _, out _));

        var badTotal = (byte[])record.Clone();
        BinaryPrimitives.WriteInt32BigEndian(badTotal, record.Length - 1);
        Assert.False(MessageRecordReader.TryRead(badTotal, out _, out _));

        var negativeBody = (byte[])record.Clone();
        BinaryPrimitives.WriteInt32BigEndian(negativeBody.AsSpan(MessageRecord.BodyLengthOffset(0)), -1);
        Assert.False(MessageRecordReader.TryRead(negativeBody, out _, out _));

        var longProperties = (byte[])record.Clone();
        BinaryPrimitives.WriteInt16BigEndian(longProperties.AsSpan(record.Length - Properties.Length - 2), (short)(Properties.Length + 1));
        Assert.False(MessageRecordReader.TryRead(longProperties, out _, out _));

        var hostsFlipped = (byte[])record.Clone();
        BinaryPrimitives.WriteInt32BigEndian(hostsFlipped.AsSpan(MessageRecord.SysFlagOffset), MessageSysFlag.BornHostV6);
        Assert.False(MessageRecordReader.TryRead(hostsFlipped, out _, out _));
    }

    [Fact]
    public void Writer_rejects_oversized_topic_and_properties()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var parts = Parts(BornV4, StoreV4);
            parts.Topic = new string('t', 128);
            return MessageRecordWriter.GetLength(parts);
        });
        var longest = Parts(BornV4, StoreV4);
        longest.Topic = new string('t', 127);
        Assert.Equal(MessageRecord.CalculateLength(0, 5, 127, Properties.Length), MessageRecordWriter.GetLength(longest));

        Assert.Throws<ArgumentException>(() =>
        {
            var parts = Parts(BornV4, StoreV4);
            parts.Properties = new byte[32768];
            return MessageRecordWriter.ToArray(parts);
        });
        Assert.Throws<ArgumentException>(() => MessageRecordWriter.Write(Parts(BornV4, StoreV4), new byte[10]));
    }

    [Fact]
    public void DecodeAll_stops_at_the_first_record_that_does_not_decode()
    {
        var first = MessageRecordWriter.ToArray(Parts(BornV4, StoreV4));
        var second = MessageRecordWriter.ToArray(Parts(BornV6, StoreV6));
        var buffer = first.Concat(second).Concat(new byte[] { 0, 0, 0, 9, 1 }).Concat(first).ToArray();

        var messages = DecodedMessage.DecodeAll(buffer);

        Assert.Equal(2, messages.Count);
        Assert.Equal(StoreV6, messages[1].StoreHost);
    }

    [Fact]
    public void DecodedMessage_exposes_fields_ids_and_encodes_back()
    {
        var message = DecodedMessage.Decode(HandBuiltV4Record());

        Assert.Equal("TopicTest", message.Topic);
        Assert.Equal("TagA", message.Tags);
        Assert.Null(message.Keys);
        Assert.Equal("ABC", message.MsgId);
        Assert.Equal("0A00000100002A9F00000000000004D2", message.OffsetMsgId);
        Assert.Equal(1234, message.CommitLogOffset);
        Assert.Equal(Body, message.Body);

        var again = DecodedMessage.Decode(message.Encode());
        Assert.Equal(message.Properties, again.Properties);
        Assert.Equal(message.StoreHost, again.StoreHost);
        Assert.Equal(message.BodyCrc, again.BodyCrc);

        message.Properties.Remove(MessageConst.UniqKey);
        Assert.Equal(message.OffsetMsgId, message.MsgId);
        Assert.Throws<FormatException>(() => DecodedMessage.Decode(new byte[8]));
    }
}
