using System.Buffers.Binary;
using System.Text;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Reads a ROCKETMQ binary header (apache/rocketmq RocketMQSerializable.rocketMQProtocolDecode):
/// <c>code i16 | language u8 | version i16 | opaque i32 | flag i32 | remarkLen i32 | remark | extLen i32 | ext</c>,
/// ext entries being <c>keyLen i16 | key | valueLen i32 | value</c>. Every length is checked against what is left
/// of the header, since a hostile length would otherwise read another frame's bytes or throw deep inside.
/// </summary>
internal static class BinaryHeaderReader
{
    /// <summary>code, language, version, opaque, flag, remarkLen, extLen.</summary>
    public const int FixedLength = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    public static RemotingCommand Read(ReadOnlySpan<byte> header)
    {
        if (header.Length < FixedLength)
        {
            RemotingProtocolException.Throw(
                $"the ROCKETMQ header is {header.Length} bytes, shorter than its {FixedLength}-byte fixed part");
        }

        var command = new RemotingCommand
        {
            Code = BinaryPrimitives.ReadInt16BigEndian(header),
            Language = LanguageNames.FromByte(header[2]),
            Version = BinaryPrimitives.ReadInt16BigEndian(header[3..]),
            Opaque = BinaryPrimitives.ReadInt32BigEndian(header[5..]),
            Flag = BinaryPrimitives.ReadInt32BigEndian(header[9..]),
        };

        var rest = header[13..];
        var remarkLength = BinaryPrimitives.ReadInt32BigEndian(rest);
        rest = rest[4..];
        // The ext length word must still follow the remark.
        CheckLength("remark length", remarkLength, rest.Length - 4, "the ROCKETMQ header");

        // Java reads a zero-length string as null.
        command.Remark = remarkLength == 0 ? null : Encoding.UTF8.GetString(rest[..remarkLength]);
        rest = rest[remarkLength..];

        var extLength = BinaryPrimitives.ReadInt32BigEndian(rest);
        rest = rest[4..];
        CheckLength("ext fields length", extLength, rest.Length, "the ROCKETMQ header");

        if (extLength > 0)
        {
            // Null when every entry was empty, as when there were none: the same absent header either way.
            var fields = ReadExtFields(rest[..extLength]);
            command.ExtFields = fields.Count > 0 ? fields : null;
        }

        return command;
    }

    private static Dictionary<string, string> ReadExtFields(ReadOnlySpan<byte> ext)
    {
        var fields = new Dictionary<string, string>(16);
        var offset = 0;
        while (offset < ext.Length)
        {
            var rest = ext[offset..];
            if (rest.Length < 2)
            {
                RemotingProtocolException.Throw($"ext entry at offset {offset} is truncated before its key length");
            }

            int keyLength = BinaryPrimitives.ReadInt16BigEndian(rest);
            rest = rest[2..];
            CheckLength("ext key length", keyLength, rest.Length, "the ext fields", offset);

            var keyBytes = rest[..keyLength];
            rest = rest[keyLength..];
            if (rest.Length < 4)
            {
                RemotingProtocolException.Throw($"ext entry at offset {offset} is truncated before its value length");
            }

            var valueLength = BinaryPrimitives.ReadInt32BigEndian(rest);
            rest = rest[4..];
            CheckLength("ext value length", valueLength, rest.Length, "the ext fields", offset);

            // A zero-length key or value reads as null in Java; a null value is an absent field.
            if (keyLength > 0 && valueLength > 0)
            {
                fields[ExtFieldKeyCache.Get(keyBytes)] = Encoding.UTF8.GetString(rest[..valueLength]);
            }

            offset = ext.Length - rest.Length + valueLength;
        }

        return fields;
    }

    /// <param name="entryOffset">The ext entry's offset in the ext block, or -1 outside it.</param>
    private static void CheckLength(string what, int length, int room, string where, int entryOffset = -1)
    {
        if (length < 0 || length > room)
        {
            ThrowBadLength(what, length, room, where, entryOffset);
        }
    }

    private static void ThrowBadLength(string what, int length, int room, string where, int entryOffset)
    {
        var subject = entryOffset < 0 ? what : $"{what} at offset {entryOffset}";
        RemotingProtocolException.Throw(length < 0
            ? $"{subject} is negative: {length}"
            : $"{subject} is {length}, past the {room} bytes left in {where}");
    }
}
