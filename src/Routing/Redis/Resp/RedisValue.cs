using System.Globalization;
using System.Text;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// One reply from Redis. Strings keep their bytes; aggregates keep their items, maps flattened as key, value, key,
/// value (the RESP2 shape of the same reply, so callers read HGETALL alike under both protocols). RESP2's null bulk
/// string and null array, and RESP3's null, all report <see cref="IsNull"/>.
/// </summary>
public sealed class RedisValue
{
    private static readonly RedisValue[] NoItems = [];

    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly RedisValue[] _items;
    private readonly long _integer;
    private readonly double _double;

    private RedisValue(RespType type, bool isNull, ReadOnlyMemory<byte> bytes, RedisValue[]? items, long integer, double number)
    {
        Type = type;
        IsNull = isNull;
        _bytes = bytes;
        _items = items ?? NoItems;
        _integer = integer;
        _double = number;
    }

    public static RedisValue Nil { get; } = new(RespType.Null, true, default, null, 0, 0);

    public RespType Type { get; }

    public bool IsNull { get; }

    public bool IsError => Type is RespType.Error or RespType.BlobError;

    /// <summary>True for arrays, sets, maps and pushes (not for a null array).</summary>
    public bool IsAggregate => !IsNull && Type is RespType.Array or RespType.Set or RespType.Map or RespType.Push;

    /// <summary>The payload of a string, error, big number or verbatim string (without its format prefix).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The elements of an aggregate; a map's keys and values alternate. Empty for anything else.</summary>
    public IReadOnlyList<RedisValue> Items => _items;

    internal static RedisValue String(RespType type, ReadOnlyMemory<byte> bytes) => new(type, false, bytes, null, 0, 0);

    internal static RedisValue NullOf(RespType type) => new(type, true, default, null, 0, 0);

    internal static RedisValue Integer(long value) => new(RespType.Integer, false, default, null, value, 0);

    internal static RedisValue Double(double value) => new(RespType.Double, false, default, null, 0, value);

    internal static RedisValue Boolean(bool value) => new(RespType.Boolean, false, default, null, value ? 1 : 0, 0);

    internal static RedisValue Aggregate(RespType type, RedisValue[] items) => new(type, false, default, items, 0, 0);

    /// <summary>The text of a string-like reply, an integer or a double; null for a null reply.</summary>
    public string? AsString() => IsNull ? null : Type switch
    {
        RespType.Integer or RespType.Boolean => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        _ when IsAggregate => throw Mismatch("a string"),
        _ => Encoding.UTF8.GetString(_bytes.Span),
    };

    /// <summary>An integer reply, or a string reply holding an integer (RESP2 returns some numbers as bulk strings).</summary>
    public long AsInt64()
    {
        if (Type is RespType.Integer or RespType.Boolean)
            return _integer;
        if (!IsNull && Type is RespType.BulkString or RespType.SimpleString or RespType.BigNumber
            && RespNumbers.TryParseInt64(_bytes.Span, out var parsed))
            return parsed;
        throw Mismatch("an integer");
    }

    public long? AsNullableInt64() => IsNull ? null : AsInt64();

    /// <summary>A RESP3 double, or the RESP2 bulk-string form of one (ZSCORE, INCRBYFLOAT).</summary>
    public double AsDouble()
    {
        if (Type == RespType.Double)
            return _double;
        if (Type == RespType.Integer)
            return _integer;
        if (!IsNull && Type is RespType.BulkString or RespType.SimpleString && RespNumbers.TryParseDouble(_bytes.Span, out var parsed))
            return parsed;
        throw Mismatch("a double");
    }

    /// <summary>A RESP3 boolean, or the RESP2 integer 1/0 that stands for one.</summary>
    public bool AsBoolean() => Type switch
    {
        RespType.Boolean or RespType.Integer => _integer != 0,
        _ => throw Mismatch("a boolean"),
    };

    public byte[]? AsBytes() => IsNull ? null : _bytes.ToArray();

    public override string ToString() => Type switch
    {
        _ when IsNull => "(nil)",
        RespType.Integer => $"(integer) {_integer}",
        RespType.Double => $"(double) {_double.ToString("R", CultureInfo.InvariantCulture)}",
        RespType.Boolean => _integer != 0 ? "(true)" : "(false)",
        RespType.Error or RespType.BlobError => $"(error) {Encoding.UTF8.GetString(_bytes.Span)}",
        _ when IsAggregate => $"({Type.ToString().ToLowerInvariant()}) [{string.Join(", ", _items.Select(i => i.ToString()))}]",
        _ => $"\"{Encoding.UTF8.GetString(_bytes.Span)}\"",
    };

    private InvalidCastException Mismatch(string wanted) => new($"Expected {wanted} reply from Redis, got {this}");
}
