using System.Buffers;
using System.Buffers.Binary;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Converts between frames and <see cref="RemotingCommand"/>s in either header format. Decoding copies what the
/// command keeps (the body into a pooled array), so the caller may release the frame's memory right after.
/// Encoding writes the whole frame, prefix included, in the command's <see cref="RemotingCommand.SerializeType"/>.
/// </summary>
public static class RemotingCommandCodec
{
    private const int PrefixLength = 8;
    private const int MaxHeaderLength = 0x00FF_FFFF;

    // Real headers are a few hundred bytes; larger multi-segment ones are copied to a pooled array instead.
    private const int StackHeaderLimit = 512;

    /// <exception cref="RemotingProtocolException">The header cannot be read.</exception>
    public static RemotingCommand Decode(in RemotingFrame frame)
    {
        var command = DecodeHeader(frame.SerializeType, frame.Header);
        command.SerializeType = frame.SerializeType;

        var bodyLength = checked((int)frame.Body.Length);
        if (bodyLength > 0)
        {
            var rented = ArrayPool<byte>.Shared.Rent(bodyLength);
            frame.Body.CopyTo(rented);
            command.SetPooledBody(rented, bodyLength);
        }

        return command;
    }

    /// <summary>Writes the frame: length, serialize type and header length, header, body.</summary>
    public static void Encode(RemotingCommand command, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);

        var headerLength = GetHeaderLength(command);
        var body = command.Body.Span;
        var frameLength = FrameLength(headerLength, body.Length);

        var span = output.GetSpan(PrefixLength + headerLength);
        WritePrefixAndHeader(command, headerLength, frameLength, span);
        output.Advance(PrefixLength + headerLength);
        if (!body.IsEmpty)
        {
            output.Write(body);
        }
    }

    public static byte[] EncodeToArray(RemotingCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);

        var headerLength = GetHeaderLength(command);
        var body = command.Body.Span;
        var frameLength = FrameLength(headerLength, body.Length);

        var frame = new byte[4 + frameLength];
        WritePrefixAndHeader(command, headerLength, frameLength, frame);
        body.CopyTo(frame.AsSpan(PrefixLength + headerLength));
        return frame;
    }

    /// <summary>Bytes <see cref="Encode"/> writes for <paramref name="command"/>, the 4-byte length prefix included.</summary>
    public static int GetEncodedLength(RemotingCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return 4 + FrameLength(GetHeaderLength(command), command.Body.Length);
    }

    private static int GetHeaderLength(RemotingCommand command)
    {
        var length = command.SerializeType switch
        {
            SerializeType.Json => JsonHeaderWriter.GetLength(command),
            SerializeType.RocketMq => BinaryHeaderWriter.GetLength(command),
            _ => throw new ArgumentException($"unknown serialize type {(int)command.SerializeType}", nameof(command)),
        };

        if (length > MaxHeaderLength)
        {
            RemotingProtocolException.Throw($"header length {length} exceeds the {MaxHeaderLength}-byte limit of the 24-bit length field");
        }

        return length;
    }

    /// <summary>The value of the length prefix: everything after it.</summary>
    private static int FrameLength(int headerLength, int bodyLength)
    {
        var length = 4L + headerLength + bodyLength;
        if (length > int.MaxValue - 4)
        {
            RemotingProtocolException.Throw($"frame length {length} does not fit the 32-bit length field");
        }

        return (int)length;
    }

    private static void WritePrefixAndHeader(RemotingCommand command, int headerLength, int frameLength, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, frameLength);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], ((int)command.SerializeType << 24) | headerLength);

        using var ext = OrderedExtFields.Create(command.ExtFields);
        var header = destination.Slice(PrefixLength, headerLength);
        if (command.SerializeType == SerializeType.Json)
        {
            JsonHeaderWriter.Write(command, ext.Items, header);
        }
        else
        {
            BinaryHeaderWriter.Write(command, ext.Items, header);
        }
    }

    private static RemotingCommand DecodeHeader(SerializeType type, in ReadOnlySequence<byte> header)
    {
        if (header.IsSingleSegment)
        {
            return DecodeHeader(type, header.FirstSpan);
        }

        var length = checked((int)header.Length);
        byte[]? rented = null;
        var buffer = length <= StackHeaderLimit
            ? stackalloc byte[StackHeaderLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            header.CopyTo(buffer);
            return DecodeHeader(type, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static RemotingCommand DecodeHeader(SerializeType type, ReadOnlySpan<byte> header) => type switch
    {
        SerializeType.Json => JsonHeaderReader.Read(header),
        SerializeType.RocketMq => BinaryHeaderReader.Read(header),
        _ => throw new RemotingProtocolException($"unknown serialize type {(int)type} (expected 0 for JSON or 1 for ROCKETMQ)"),
    };
}
