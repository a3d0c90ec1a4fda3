using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EventBroker.Protocol.Frames;

namespace EventBroker.Protocol.Tests.TestSupport;

/// <summary>Shortcuts from bytes to a decoded command.</summary>
public static class FrameBytes
{
    public static RemotingCommand Decode(byte[] frameBytes) => Decode(new ReadOnlySequence<byte>(frameBytes));

    public static RemotingCommand Decode(ReadOnlySequence<byte> buffer)
    {
        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame));
        Assert.Equal(0, buffer.Length);
        return RemotingCommandCodec.Decode(frame);
    }

    /// <summary>A frame around a hand-written header, as a client of another dialect would send it.</summary>
    public static byte[] Build(SerializeType type, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body = default)
    {
        var frame = new byte[8 + header.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 4 + header.Length + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), ((int)type << 24) | header.Length);
        header.CopyTo(frame.AsSpan(8));
        body.CopyTo(frame.AsSpan(8 + header.Length));
        return frame;
    }

    public static RemotingCommand DecodeJsonHeader(string json) =>
        Decode(Build(SerializeType.Json, Encoding.UTF8.GetBytes(json)));
}
