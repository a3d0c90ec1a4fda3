using System.Buffers;
using System.Buffers.Binary;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// The gRPC length-prefixed message, the same in both directions:
/// <code>
///  0               1                                               5
/// +---------------+-----------------------------------------------+------------------+
/// | compressed(8) | message length (32, unsigned, big-endian)     | protobuf bytes … |
/// +---------------+-----------------------------------------------+------------------+
/// </code>
/// </summary>
internal static class GrpcFrame
{
    public const int HeaderLength = 5;
    private const int CompressedFlagOffset = 0;
    private const int LengthOffset = 1;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. Returns false, leaving the buffer as it was,
    /// when the message has not fully arrived; the length is checked against the cap from the prefix alone.
    /// </summary>
    /// <exception cref="GrpcProtocolException">A compressed message (never asked for) or one longer than the cap.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageLength, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        if (header[CompressedFlagOffset] != 0)
        {
            throw new GrpcProtocolException($"the server sent a compressed message (flag {header[CompressedFlagOffset]}), but only identity was accepted");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[LengthOffset..]);
        if (length > (uint)maxMessageLength)
        {
            throw new GrpcProtocolException($"the server sent a {length}-byte message; the limit is {maxMessageLength} bytes");
        }
        if (buffer.Length - HeaderLength < length)
        {
            return false;
        }
        message = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, int messageLength)
    {
        destination[CompressedFlagOffset] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[LengthOffset..], (uint)messageLength);
    }
}
