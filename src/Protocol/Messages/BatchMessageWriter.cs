using System.Buffers;
using System.Buffers.Binary;

namespace EventBroker.Protocol.Messages;

/// <summary>Builds SEND_BATCH_MESSAGE bodies, one entry at a time, as MessageDecoder.encodeMessage lays them out.</summary>
public static class BatchMessageWriter
{
    public static int GetLength(int bodyLength, int propertiesLength) =>
        BatchMessageReader.EntryOverhead + bodyLength + propertiesLength;

    /// <returns>The bytes written.</returns>
    /// <exception cref="ArgumentException">Properties over 32767 bytes, or a destination too small.</exception>
    public static int Write(Span<byte> destination, int flag, ReadOnlySpan<byte> body, ReadOnlySpan<byte> properties)
    {
        if (properties.Length > MessageRecord.MaxPropertiesLength)
        {
            throw new ArgumentException($"Properties of {properties.Length} bytes exceed {MessageRecord.MaxPropertiesLength}.", nameof(properties));
        }
        var length = GetLength(body.Length, properties.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The entry needs {length} bytes.", nameof(destination));
        }
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        // MAGIC and BODYCRC: the Java client writes zeros and the broker computes the CRC itself.
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], 0);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], flag);
        BinaryPrimitives.WriteInt32BigEndian(destination[16..], body.Length);
        body.CopyTo(destination[20..]);
        BinaryPrimitives.WriteInt16BigEndian(destination[(20 + body.Length)..], (short)properties.Length);
        properties.CopyTo(destination[(22 + body.Length)..]);
        return length;
    }

    public static void Write(IBufferWriter<byte> output, int flag, ReadOnlySpan<byte> body, ReadOnlySpan<byte> properties)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = GetLength(body.Length, properties.Length);
        var written = Write(output.GetSpan(length), flag, body, properties);
        output.Advance(written);
    }
}
