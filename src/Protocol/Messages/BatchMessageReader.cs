using System.Buffers.Binary;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// Iterates a SEND_BATCH_MESSAGE body (MessageDecoder.encodeMessages): entries back to back, each
/// <c>TOTALSIZE int32 | MAGIC int32 | BODYCRC int32 | FLAG int32 | BODYLEN int32 | BODY | PROPLEN int16 | PROPS</c>.
/// MAGIC and BODYCRC are written as 0 and ignored, as the Java broker ignores them.
/// </summary>
/// <example><c>foreach (var message in new BatchMessageReader(body)) { ... }</c>, or a <c>TryReadNext</c> loop.</example>
/// <exception cref="FormatException">From <see cref="MoveNext"/> and <see cref="TryReadNext"/>: a malformed entry, naming its offset.</exception>
public ref struct BatchMessageReader
{
    /// <summary>TOTALSIZE, MAGIC, BODYCRC, FLAG, BODYLEN and PROPLEN.</summary>
    public const int EntryOverhead = 4 + 4 + 4 + 4 + 4 + 2;

    private readonly ReadOnlySpan<byte> _body;
    private int _offset;
    private BatchMessage _current;

    public BatchMessageReader(ReadOnlySpan<byte> body)
    {
        _body = body;
    }

    public readonly BatchMessage Current => _current;

    /// <summary>Where the next entry starts.</summary>
    public readonly int Offset => _offset;

    public readonly BatchMessageReader GetEnumerator() => this;

    /// <summary>The next entry, or false at the end of the body.</summary>
    public bool TryReadNext(out BatchMessage message)
    {
        var read = MoveNext();
        message = read ? _current : default;
        return read;
    }

    public bool MoveNext()
    {
        if (_offset >= _body.Length)
        {
            return false;
        }
        var start = _offset;
        var rest = _body[start..];
        if (rest.Length < EntryOverhead)
        {
            throw Malformed(start, $"{rest.Length} bytes left, an entry needs at least {EntryOverhead}");
        }
        var totalSize = BinaryPrimitives.ReadInt32BigEndian(rest);
        var flag = BinaryPrimitives.ReadInt32BigEndian(rest[12..]);
        var bodyLength = BinaryPrimitives.ReadInt32BigEndian(rest[16..]);
        if (bodyLength < 0 || bodyLength > rest.Length - EntryOverhead)
        {
            throw Malformed(start, $"body length {bodyLength} exceeds the {rest.Length - EntryOverhead} bytes left");
        }
        var propertiesLength = BinaryPrimitives.ReadInt16BigEndian(rest[(20 + bodyLength)..]);
        if (propertiesLength < 0 || propertiesLength > rest.Length - EntryOverhead - bodyLength)
        {
            throw Malformed(start, $"properties length {propertiesLength} exceeds the bytes left");
        }
        var length = EntryOverhead + bodyLength + propertiesLength;
        if (totalSize != length)
        {
            throw Malformed(start, $"TOTALSIZE {totalSize} but the entry's parts add up to {length}");
        }
        _current = new BatchMessage(
            start,
            length,
            flag,
            rest.Slice(20, bodyLength),
            rest.Slice(20 + bodyLength + 2, propertiesLength));
        _offset = start + length;
        return true;
    }

    private static FormatException Malformed(int offset, string reason) =>
        new($"Malformed batch message at offset {offset}: {reason}.");
}
