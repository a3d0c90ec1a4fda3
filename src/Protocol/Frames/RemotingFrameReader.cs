using System.Buffers;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Splits a byte stream into remoting frames (apache/rocketmq NettyDecoder + RemotingCommand.decode):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +---------------------------------------------------------------+
/// |                 length (4 + header + body)                    |
/// +---------------+-----------------------------------------------+
/// | serialize type|               header length (24)              |
/// +---------------+-----------------------------------------------+
/// |                 header (JSON or ROCKETMQ binary) ...          |
/// +---------------------------------------------------------------+
/// |                 body ...                                      |
/// +---------------------------------------------------------------+
/// </code>
/// All integers are big-endian.
/// </summary>
public static class RemotingFrameReader
{
    /// <summary>Java's default <c>com.rocketmq.remoting.frameMaxLength</c>.</summary>
    public const int DefaultMaxFrameLength = 16 * 1024 * 1024;

    private const int LengthSize = 4;

    /// <summary>
    /// Reads one frame. Returns false, leaving <paramref name="buffer"/> untouched, while the frame is incomplete.
    /// The length prefix is validated as soon as its bytes arrive, so a hostile or foreign stream (an HTTP request,
    /// a TLS hello) fails fast instead of making the caller buffer up to the announced length.
    /// </summary>
    /// <exception cref="RemotingProtocolException">The prefix is malformed; the stream cannot be resynchronised.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameLength, out RemotingFrame frame)
    {
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }

        if (length < LengthSize || length > maxFrameLength)
        {
            RemotingProtocolException.ThrowFrameLength(length, maxFrameLength);
        }

        if (!reader.TryReadBigEndian(out int headerWord))
        {
            return false;
        }

        var type = (int)((uint)headerWord >> 24);
        if (type > (int)SerializeType.RocketMq)
        {
            RemotingProtocolException.ThrowSerializeType(type);
        }

        var headerLength = headerWord & 0x00FF_FFFF;
        if (headerLength > length - LengthSize)
        {
            RemotingProtocolException.ThrowHeaderLength(headerLength, length);
        }

        if (buffer.Length - LengthSize < length)
        {
            return false;
        }

        var header = buffer.Slice(reader.Position, headerLength);
        var body = buffer.Slice(header.End, length - LengthSize - headerLength);
        frame = new RemotingFrame((SerializeType)type, header, body);
        buffer = buffer.Slice(body.End);
        return true;
    }
}
