using System.Buffers.Binary;

namespace EventBroker.Bench.Consuming;

/// <summary>
/// Counts the stored-message records in a pull body by their TOTALSIZE prefix, checking each one's magic code,
/// which is all a counter needs and costs nothing per message.
/// </summary>
public static class PulledRecords
{
    // MessageDecoder.MESSAGE_MAGIC_CODE (4.x) and MESSAGE_MAGIC_CODE_V2 (5.x).
    private const int MagicV1 = unchecked((int)0xDAA320A7);
    private const int MagicV2 = unchecked((int)0xDAA320AB);

    /// <returns>The number of well-formed records; <paramref name="malformed"/> is set when trailing bytes do not form one.</returns>
    public static int Count(ReadOnlySpan<byte> body, out bool malformed)
    {
        var count = 0;
        while (body.Length >= 8)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(body);
            var magic = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
            if (size < 8 || size > body.Length || magic is not (MagicV1 or MagicV2))
            {
                break;
            }
            count++;
            body = body[size..];
        }
        malformed = !body.IsEmpty;
        return count;
    }
}
