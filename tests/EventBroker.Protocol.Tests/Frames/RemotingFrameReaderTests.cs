using System.Buffers;
using System.Text;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

public class RemotingFrameReaderTests
{
    private const int Max = RemotingFrameReader.DefaultMaxFrameLength;

    [Theory]
    [MemberData(nameof(FrameFixtures.All), MemberType = typeof(FrameFixtures))]
    public void TryReadFrame_whole_golden_frame_reads_it_and_consumes_the_buffer(string fixture)
    {
        var bytes = FrameFixtures.Load(fixture);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

        Assert.Equal(0, buffer.Length);
        Assert.Equal(bytes.Length - 8, frame.Header.Length);
        Assert.Equal(0, frame.Body.Length);
        Assert.Equal(fixture.StartsWith("binary", StringComparison.Ordinal) ? SerializeType.RocketMq : SerializeType.Json, frame.SerializeType);
        Assert.Equal(bytes[8..], frame.Header.ToArray());
    }

    [Theory]
    [MemberData(nameof(FrameFixtures.All), MemberType = typeof(FrameFixtures))]
    public void TryReadFrame_partial_input_at_every_split_point_leaves_the_buffer_unchanged(string fixture)
    {
        var bytes = WithBody(FrameFixtures.Load(fixture), "body"u8);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            var before = buffer;

            Assert.False(RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

            Assert.Equal(before.Length, buffer.Length);
            Assert.Equal(before.Start, buffer.Start);
            Assert.Equal(before.End, buffer.End);
        }
    }

    [Theory]
    [MemberData(nameof(FrameFixtures.All), MemberType = typeof(FrameFixtures))]
    public void TryReadFrame_one_byte_per_segment_reads_the_same_frame(string fixture)
    {
        var bytes = WithBody(FrameFixtures.Load(fixture), "hello"u8);
        var buffer = SequenceFactory.OneBytePerSegment(bytes);

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

        Assert.Equal(0, buffer.Length);
        Assert.Equal("hello"u8.ToArray(), frame.Body.ToArray());
        CommandAssert.Equal(FrameBytes.Decode(bytes), RemotingCommandCodec.Decode(frame));
    }

    [Fact]
    public void TryReadFrame_two_segments_split_anywhere_reads_the_same_frame()
    {
        var bytes = WithBody(FrameFixtures.Load(FrameFixtures.JsonResponseSendMessageV2), "payload"u8);
        var expected = FrameBytes.Decode(bytes);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = SequenceFactory.Split(bytes, cut);

            Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

            CommandAssert.Equal(expected, RemotingCommandCodec.Decode(frame));
        }
    }

    [Fact]
    public void TryReadFrame_back_to_back_frames_are_read_one_at_a_time()
    {
        var first = FrameFixtures.Load(FrameFixtures.JsonRequestGetRouteInfo);
        var second = FrameFixtures.Load(FrameFixtures.BinaryRequestGetRouteInfo);
        var buffer = new ReadOnlySequence<byte>([.. first, .. second, 0, 0]);

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var a));
        Assert.Equal(second.Length + 2, buffer.Length);
        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var b));
        Assert.Equal(2, buffer.Length);
        Assert.False(RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal(SerializeType.Json, a.SerializeType);
        Assert.Equal(SerializeType.RocketMq, b.SerializeType);
    }

    [Fact]
    public void TryReadFrame_slices_header_and_body()
    {
        var bytes = FrameBytes.Build(SerializeType.RocketMq, "HEADER"u8, "BODY!"u8);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

        Assert.Equal("HEADER", Encoding.ASCII.GetString(frame.Header.ToArray()));
        Assert.Equal("BODY!", Encoding.ASCII.GetString(frame.Body.ToArray()));
    }

    [Fact]
    public void TryReadFrame_frame_of_exactly_the_limit_is_accepted()
    {
        var bytes = FrameBytes.Build(SerializeType.Json, "{}"u8, new byte[94]);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, 100, out _));
    }

    [Fact]
    public void TryReadFrame_empty_header_and_body_is_a_frame()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("00000004 00000000"));

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

        Assert.Equal(0, frame.Header.Length);
        Assert.Equal(0, frame.Body.Length);
    }

    [Theory]
    [InlineData("7fffffff", "frame length 2147483647 exceeds the 16777216-byte limit")]
    [InlineData("01000001", "frame length 16777217 exceeds the 16777216-byte limit")]
    [InlineData("ffffffff", "frame length -1 is below the 4-byte minimum")]
    [InlineData("80000000", "frame length -2147483648 is below the 4-byte minimum")]
    [InlineData("00000003", "frame length 3 is below the 4-byte minimum")]
    [InlineData("00000000", "frame length 0 is below the 4-byte minimum")]
    public void TryReadFrame_bad_length_throws_from_the_prefix_alone(string prefix, string message)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse(prefix));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TryReadFrame_length_over_a_custom_limit_throws()
    {
        var buffer = new ReadOnlySequence<byte>(FrameBytes.Build(SerializeType.Json, "{}"u8, new byte[95]));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, 100, out _));

        Assert.Equal("frame length 101 exceeds the 100-byte limit", error.Message);
    }

    [Fact]
    public void TryReadFrame_header_longer_than_the_frame_throws_before_the_body_arrives()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("00000028 00000384"));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal("header length 900 exceeds frame length 40", error.Message);
    }

    [Fact]
    public void TryReadFrame_header_filling_the_whole_frame_is_accepted()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("00000006 00000002 7b7d"));

        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, Max, out var frame));

        Assert.Equal(2, frame.Header.Length);
    }

    [Theory]
    [InlineData("00000010 02000000", "unknown serialize type 2 (expected 0 for JSON or 1 for ROCKETMQ)")]
    [InlineData("00000010 ff000000", "unknown serialize type 255 (expected 0 for JSON or 1 for ROCKETMQ)")]
    public void TryReadFrame_unknown_serialize_type_throws(string prefix, string message)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse(prefix));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", "frame length 1195725856 exceeds the 16777216-byte limit")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001", "frame length 369295618 exceeds the 16777216-byte limit")]
    public void TryReadFrame_foreign_protocol_throws_at_once(string input, string message)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(input));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TryReadFrame_oversized_length_split_across_segments_still_throws()
    {
        var buffer = SequenceFactory.OneBytePerSegment(Hex.Parse("7fffffff"));

        Assert.Throws<RemotingProtocolException>(() => RemotingFrameReader.TryReadFrame(ref buffer, Max, out _));
    }

    private static byte[] WithBody(byte[] frame, ReadOnlySpan<byte> body)
    {
        var header = frame.AsSpan(8, frame.Length - 8);
        var type = (SerializeType)frame[4];
        return FrameBytes.Build(type, header, body);
    }
}
