using System.Globalization;
using System.Text;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// One argument of a command: text (sent as UTF-8), bytes or a number. Converted implicitly, so a call reads
/// <c>ExecuteAsync("SET", key, value, "PX", 5000)</c>. The bytes are copied when the command is encoded, so the
/// caller may reuse its buffer as soon as the call returns.
/// </summary>
public readonly struct RedisArg
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;

    private RedisArg(string? text, ReadOnlyMemory<byte> bytes)
    {
        _text = text;
        _bytes = bytes;
    }

    public static implicit operator RedisArg(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), default);

    public static implicit operator RedisArg(ReadOnlyMemory<byte> value) => new(null, value);

    public static implicit operator RedisArg(byte[] value) => new(null, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator RedisArg(long value) => new(value.ToString(CultureInfo.InvariantCulture), default);

    public static implicit operator RedisArg(int value) => new(value.ToString(CultureInfo.InvariantCulture), default);

    public static implicit operator RedisArg(double value) => new(FormatDouble(value), default);

    internal int ByteCount => _text is null ? _bytes.Length : Encoding.UTF8.GetByteCount(_text);

    internal int CopyTo(Span<byte> destination)
    {
        if (_text is null)
        {
            _bytes.Span.CopyTo(destination);
            return _bytes.Length;
        }
        return Encoding.UTF8.GetBytes(_text, destination);
    }

    public override string ToString() => _text ?? Encoding.UTF8.GetString(_bytes.Span);

    // Redis parses "+inf" and "-inf"; "R" round-trips every finite double.
    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
