using System.Buffers;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.Tests.EventStore.Recordings;

namespace EventBroker.Storage.Tests.EventStore.Grpc;

public sealed class GrpcFrameTests
{
    [Fact]
    public void The_recorded_gossip_request_is_an_empty_message_of_five_bytes()
    {
        var frame = new byte[GrpcFrame.HeaderLength];
        GrpcFrame.WriteHeader(frame, 0);

        Assert.Equal("0000000000", Convert.ToHexString(frame));
        Assert.Equal("0000000000", Convert.ToHexString(Recording.Load("14-gossip-discovery").At(3).Frame));
    }

    [Fact]
    public void A_recorded_frame_reads_as_its_message_and_consumes_exactly_it()
    {
        var line = Recording.Load("01-append-no-stream").At(9);
        var buffer = new ReadOnlySequence<byte>([.. line.Frame, 0xAA]);

        Assert.True(GrpcFrame.TryRead(ref buffer, 1024, out var message));

        Assert.Equal(line.Bytes, message.ToArray());
        Assert.Equal([0xAA], buffer.ToArray());
    }

    [Fact]
    public void Partial_input_is_left_untouched_at_every_length()
    {
        var frame = Recording.Load("03-read-forwards-from-1").Lines.First(l => l.Kind == "response_message").Frame;
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);

            Assert.False(GrpcFrame.TryRead(ref buffer, 1 << 20, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void A_message_split_one_byte_per_segment_and_several_messages_per_buffer_are_reassembled()
    {
        var lines = Recording.Load("19-subscribe-all-filtered-checkpoint").Lines.Where(l => l is { Kind: "response_message", Call: 1 }).ToList();
        var bytes = lines.SelectMany(l => l.Frame).ToArray();
        var buffer = OneBytePerSegment(bytes);

        var read = new List<byte[]>();
        while (GrpcFrame.TryRead(ref buffer, 1 << 20, out var message))
        {
            read.Add(message.ToArray());
        }

        Assert.Equal(lines.Select(l => l.Bytes), read);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void The_length_is_checked_against_the_cap_before_the_body_arrives()
    {
        var header = new byte[GrpcFrame.HeaderLength];
        GrpcFrame.WriteHeader(header, 17 * 1024 * 1024 + 1);
        var buffer = new ReadOnlySequence<byte>(header);

        var ex = Assert.Throws<GrpcProtocolException>(() => GrpcFrame.TryRead(ref buffer, 17 * 1024 * 1024, out _));
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public void A_compressed_message_is_refused()
    {
        var buffer = new ReadOnlySequence<byte>([1, 0, 0, 0, 1, 0x08]);

        Assert.Throws<GrpcProtocolException>(() => GrpcFrame.TryRead(ref buffer, 1024, out _));
    }

    [Theory]
    [InlineData(1000, "1000m")]
    [InlineData(2500.2, "2501m")]
    [InlineData(0, "0m")]
    [InlineData(99_999_999, "99999999m")]
    [InlineData(100_000_000, "100000S")]
    public void Timeouts_are_written_in_at_most_eight_digits(double milliseconds, string header)
        => Assert.Equal(header, GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds)));

    private static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }
        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
