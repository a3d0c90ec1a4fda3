using System.Buffers.Binary;
using System.Diagnostics;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Writes a ROCKETMQ binary header as RocketMQSerializable.rocketMQProtocolEncode does: code and version are cut
/// to 16 bits as Java's (short) casts do, an empty remark is written as length 0, and no ext fields (null or empty)
/// as ext length 0.
/// </summary>
internal static class BinaryHeaderWriter
{
    public static int GetLength(RemotingCommand command)
    {
        var length = BinaryHeaderReader.FixedLength;
        if (!string.IsNullOrEmpty(command.Remark))
        {
            length += JavaUtf8.Encoding.GetByteCount(command.Remark);
        }

        if (command.ExtFields is { } ext)
        {
            foreach (var (key, value) in ext)
            {
                length += 2 + KeyByteCount(key) + 4 + JavaUtf8.Encoding.GetByteCount(value);
            }
        }

        return length;
    }

    public static void Write(RemotingCommand command, ReadOnlySpan<KeyValuePair<string, string>> orderedExt, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, unchecked((short)command.Code));
        destination[2] = (byte)command.Language;
        BinaryPrimitives.WriteInt16BigEndian(destination[3..], unchecked((short)command.Version));
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], command.Opaque);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], command.Flag);

        var pos = 13;
        pos += WriteString(command.Remark, destination[pos..]);

        var extStart = pos + 4;
        pos = extStart;
        foreach (var (key, value) in orderedExt)
        {
            var keyLength = JavaUtf8.Encoding.GetBytes(key, destination[(pos + 2)..]);
            BinaryPrimitives.WriteInt16BigEndian(destination[pos..], (short)keyLength);
            pos += 2 + keyLength;
            pos += WriteString(value, destination[pos..]);
        }

        BinaryPrimitives.WriteInt32BigEndian(destination[(extStart - 4)..], pos - extStart);
        Debug.Assert(pos == destination.Length, "GetLength and Write disagree");
    }

    /// <summary>An int32 length and the UTF-8 bytes; null and "" both as length 0.</summary>
    private static int WriteString(string? value, Span<byte> destination)
    {
        var length = string.IsNullOrEmpty(value) ? 0 : JavaUtf8.Encoding.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }

    private static int KeyByteCount(string key)
    {
        var count = JavaUtf8.Encoding.GetByteCount(key);
        if (count > short.MaxValue)
        {
            // Java would silently wrap the (short) length and corrupt the header.
            RemotingProtocolException.Throw(
                $"ext key of {count} bytes exceeds the {short.MaxValue}-byte key limit of a ROCKETMQ header");
        }

        return count;
    }
}
