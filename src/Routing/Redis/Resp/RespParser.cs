using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Turns complete replies into <see cref="RedisValue"/>s. The scanner decides first whether the whole reply is
/// there, so partial input never allocates and leaves the buffer as it was. Values own copies of their bytes: they
/// outlive the pipe buffer they were read from.
/// </summary>
public static class RespParser
{
    /// <summary>Deepest nesting accepted; Redis replies nest a few levels (EXEC of script results at most).</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads one reply from the front of <paramref name="buffer"/>; false, buffer unchanged, when it is incomplete.</summary>
    /// <exception cref="RedisProtocolException">The bytes are not RESP.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RedisValue? value)
    {
        var state = default(RespScanState);
        return TryRead(ref buffer, ref state, out value);
    }

    internal static bool TryRead(ref ReadOnlySequence<byte> buffer, ref RespScanState state, [NotNullWhen(true)] out RedisValue? value)
    {
        if (!RespScanner.TryScan(buffer, ref state, out var length))
        {
            value = null;
            return false;
        }
        var reader = new SequenceReader<byte>(buffer.Slice(0, length));
        value = ReadValue(ref reader, depth: 0);
        buffer = buffer.Slice(length);
        return true;
    }

    private static RedisValue ReadValue(ref SequenceReader<byte> reader, int depth)
    {
        if (depth > MaxDepth)
            throw new RedisProtocolException($"RESP reply nested deeper than {MaxDepth} levels");
        reader.TryRead(out var typeByte);
        RespScanner.TryReadLine(ref reader, out var line);
        var type = (RespType)typeByte;
        switch (type)
        {
            case RespType.SimpleString or RespType.Error or RespType.BigNumber:
                return RedisValue.String(type, line.ToArray());
            case RespType.Integer:
                return RedisValue.Integer(ParseInteger(line));
            case RespType.Null:
                return RedisValue.Nil;
            case RespType.Double:
                return RespNumbers.TryParseDouble(Small(line), out var number)
                    ? RedisValue.Double(number)
                    : throw new RedisProtocolException("Bad RESP3 double");
            case RespType.Boolean:
                return Small(line) switch
                {
                    [(byte)'t'] => RedisValue.Boolean(true),
                    [(byte)'f'] => RedisValue.Boolean(false),
                    _ => throw new RedisProtocolException("Bad RESP3 boolean"),
                };
            case RespType.BulkString or RespType.BlobError or RespType.VerbatimString:
                return ReadString(ref reader, type, RespScanner.ReadLength(line, type));
            case RespType.Array or RespType.Set or RespType.Push:
                var count = RespScanner.ReadLength(line, type);
                return count < 0 ? RedisValue.NullOf(type) : RedisValue.Aggregate(type, ReadItems(ref reader, count, depth));
            case RespType.Map:
                return RedisValue.Aggregate(type, ReadItems(ref reader, 2 * RespScanner.ReadLength(line, type), depth));
            default:
                // An attribute ('|'): metadata about the reply that follows it. Clients may ignore it, and we do.
                ReadItems(ref reader, 2 * RespScanner.ReadLength(line, RespType.Map), depth);
                return ReadValue(ref reader, depth + 1);
        }
    }

    private static RedisValue ReadString(ref SequenceReader<byte> reader, RespType type, int length)
    {
        if (length < 0)
            return RedisValue.NullOf(type);
        var bytes = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length + 2);
        if (type != RespType.VerbatimString)
            return RedisValue.String(type, bytes);
        // "txt:" or "mkd:": a three-letter format and a colon, then the text.
        if (bytes.Length < 4 || bytes[3] != (byte)':')
            throw new RedisProtocolException("RESP3 verbatim string without its format prefix");
        return RedisValue.String(type, bytes.AsMemory(4));
    }

    private static RedisValue[] ReadItems(ref SequenceReader<byte> reader, int count, int depth)
    {
        var items = new RedisValue[count];
        for (var i = 0; i < count; i++)
            items[i] = ReadValue(ref reader, depth + 1);
        return items;
    }

    private static long ParseInteger(in ReadOnlySequence<byte> line)
        => RespNumbers.TryParseInt64(Small(line), out var value) ? value : throw new RedisProtocolException("Bad RESP integer");

    // Numbers and booleans are short; a line split across segments is copied.
    private static ReadOnlySpan<byte> Small(in ReadOnlySequence<byte> line)
        => line.IsSingleSegment ? line.FirstSpan : line.ToArray();
}
