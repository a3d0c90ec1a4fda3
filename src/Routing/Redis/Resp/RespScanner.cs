using System.Buffers;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>Progress through a reply that has not fully arrived; kept by the reader between socket reads.</summary>
internal struct RespScanState
{
    /// <summary>Bytes of the current reply already checked, from its first byte.</summary>
    public long Scanned;

    /// <summary>Elements still to check; 0 when no reply is in progress.</summary>
    public long Pending;
}

/// <summary>
/// Finds where a reply ends without allocating anything, so only complete replies are parsed into values.
/// Resumable: a large reply that arrives over many reads is checked once, not again from its start on every read.
/// A reply is a tree, but its end can be found with one counter: every element scanned removes one pending element
/// and adds its children (n for arrays, sets and pushes, 2n for maps, 2n + 1 for an attribute, which precedes the
/// value it annotates).
/// </summary>
internal static class RespScanner
{
    /// <summary>Redis's own limit for one string (proto-max-bulk-len).</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>Longest header or simple-string line accepted; error texts are far shorter.</summary>
    public const int MaxLineLength = 1024 * 1024;

    public static bool TryScan(in ReadOnlySequence<byte> buffer, ref RespScanState state, out long frameLength)
    {
        if (state.Pending == 0)
            state = new RespScanState { Scanned = 0, Pending = 1 };
        var reader = new SequenceReader<byte>(buffer.Slice(state.Scanned));
        long complete = 0;
        while (state.Pending > 0)
        {
            if (!TryScanElement(ref reader, out var children))
            {
                state.Scanned += complete;
                frameLength = 0;
                return false;
            }
            complete = reader.Consumed;
            state.Pending += children - 1;
        }
        frameLength = state.Scanned + complete;
        state = default;
        return true;
    }

    private static bool TryScanElement(ref SequenceReader<byte> reader, out long children)
    {
        children = 0;
        if (!reader.TryRead(out var type) || !TryReadLine(ref reader, out var line))
            return false;
        switch ((RespType)type)
        {
            case RespType.SimpleString or RespType.Error or RespType.Integer or RespType.Null
                or RespType.Double or RespType.Boolean or RespType.BigNumber:
                return true;
            case RespType.BulkString or RespType.BlobError or RespType.VerbatimString:
                var length = ReadLength(line, (RespType)type);
                return length < 0 || TrySkipPayload(ref reader, length);
            case RespType.Array or RespType.Set or RespType.Push:
                children = Math.Max(0, ReadLength(line, (RespType)type));
                return true;
            case RespType.Map:
                children = 2L * ReadLength(line, RespType.Map);
                return true;
            case (RespType)'|':
                children = 2L * ReadLength(line, RespType.Map) + 1;
                return true;
            default:
                throw new RedisProtocolException($"Unexpected RESP type byte 0x{type:X2} ('{(char)type}') where a reply should start");
        }
    }

    /// <summary>The line after the type byte, without its CRLF.</summary>
    public static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            if (reader.Remaining > MaxLineLength)
                throw new RedisProtocolException($"RESP line longer than {MaxLineLength} bytes");
            return false;
        }
        if (line.IsEmpty || line.Slice(line.Length - 1).FirstSpan[0] != (byte)'\r')
            throw new RedisProtocolException("RESP line not terminated by CRLF");
        line = line.Slice(0, line.Length - 1);
        return true;
    }

    /// <summary>A length or count header; -1 (RESP2's null) only where RESP allows it.</summary>
    public static int ReadLength(in ReadOnlySequence<byte> line, RespType type)
    {
        Span<byte> copy = stackalloc byte[20];
        if (line.Length is 0 or > 20)
            throw new RedisProtocolException($"Bad RESP {type} length header of {line.Length} bytes");
        line.CopyTo(copy);
        var text = copy[..(int)line.Length];
        if (text.SequenceEqual("?"u8))
            throw new RedisProtocolException($"Streamed RESP3 {type} replies are not supported (Redis does not send them)");
        if (!RespNumbers.TryParseInt64(text, out var value))
            throw new RedisProtocolException($"Bad RESP {type} length '{System.Text.Encoding.ASCII.GetString(text)}'");
        var nullable = type is RespType.BulkString or RespType.Array;
        if (value < (nullable ? -1 : 0) || value > MaxBulkLength)
            throw new RedisProtocolException($"RESP {type} length {value} is out of range");
        return (int)value;
    }

    private static bool TrySkipPayload(ref SequenceReader<byte> reader, int length)
    {
        if (reader.Remaining < length + 2L)
            return false;
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
            throw new RedisProtocolException($"RESP string of {length} bytes not followed by CRLF");
        return true;
    }
}
