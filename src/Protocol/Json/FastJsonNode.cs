using System.Diagnostics.CodeAnalysis;

namespace EventBroker.Protocol.Json;

/// <summary>
/// A parsed JSON value. The Get* accessors convert the way fastjson does when it binds a value to a Java
/// field: a number may arrive as a string ("subVersion":"1700000000000"), a boolean as "true", an enum as
/// its name or its ordinal. A JSON null reads as the type's default.
/// </summary>
public sealed partial class FastJsonNode
{
    public static FastJsonNode Null { get; } = new(FastJsonKind.Null, null);

    internal static FastJsonNode True { get; } = new(FastJsonKind.True, null);

    internal static FastJsonNode False { get; } = new(FastJsonKind.False, null);

    private static readonly FastJsonNode[] NoItems = [];
    private static readonly FastJsonMember[] NoMembers = [];

    // String value, or a number's text as written.
    private readonly string? _text;
    private readonly FastJsonNode[]? _items;
    private readonly FastJsonMember[]? _members;

    private FastJsonNode(FastJsonKind kind, string? text)
    {
        Kind = kind;
        _text = text;
    }

    private FastJsonNode(FastJsonNode[] items)
    {
        Kind = FastJsonKind.Array;
        _items = items;
    }

    private FastJsonNode(FastJsonMember[] members)
    {
        Kind = FastJsonKind.Object;
        _members = members;
    }

    public FastJsonKind Kind { get; }

    public bool IsNull => Kind == FastJsonKind.Null;

    /// <summary>Items of an array; a JSON null reads as no items.</summary>
    public IReadOnlyList<FastJsonNode> Items => Kind switch
    {
        FastJsonKind.Array => _items!,
        FastJsonKind.Null => NoItems,
        _ => throw Mismatch("an array"),
    };

    /// <summary>Members of an object in document order; a JSON null reads as no members.</summary>
    public IReadOnlyList<FastJsonMember> Members => Kind switch
    {
        FastJsonKind.Object => _members!,
        FastJsonKind.Null => NoMembers,
        _ => throw Mismatch("an object"),
    };

    /// <summary>The value of property <paramref name="name"/>, or null when the object has none.</summary>
    public FastJsonNode? this[string name] => TryGetProperty(name, out var value) ? value : null;

    public FastJsonNode this[int index] => Items[index];

    internal static FastJsonNode String(string value) => new(FastJsonKind.String, value);

    internal static FastJsonNode Number(string text) => new(FastJsonKind.Number, text);

    internal static FastJsonNode Array(FastJsonNode[] items) => new(items);

    internal static FastJsonNode Object(FastJsonMember[] members) => new(members);

    /// <summary>
    /// Finds a member by key text. An exact match wins; failing that, a case-insensitive one, as fastjson's
    /// smart match binds "clientId" to a clientID field. The last of duplicate keys wins, as in a Java map.
    /// </summary>
    public bool TryGetProperty(string name, [NotNullWhen(true)] out FastJsonNode? value)
    {
        value = null;
        if (Kind != FastJsonKind.Object)
        {
            return false;
        }
        FastJsonNode? caseInsensitive = null;
        foreach (var member in _members!)
        {
            var key = member.Key.KeyText;
            if (key is null)
            {
                continue;
            }
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                value = member.Value;
            }
            else if (value is null && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                caseInsensitive = member.Value;
            }
        }
        value ??= caseInsensitive;
        return value is not null;
    }

    // Keys that can match a property name: strings and numbers ({0:"a"} has the key "0").
    private string? KeyText => Kind is FastJsonKind.String or FastJsonKind.Number ? _text : null;

    /// <summary>Compact JSON of this node, fastjson style (unquoted number keys).</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToJson());

    public byte[] ToJson(bool standardJson = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        WriteTo(new FastJsonWriter(buffer, FastJsonOptions.For(standardJson)));
        return buffer.WrittenSpan.ToArray();
    }

    public void WriteTo(FastJsonWriter writer)
    {
        switch (Kind)
        {
            case FastJsonKind.Null: writer.WriteNull(); break;
            case FastJsonKind.True: writer.WriteBoolean(true); break;
            case FastJsonKind.False: writer.WriteBoolean(false); break;
            case FastJsonKind.Number: writer.WriteRawNumber(_text!); break;
            case FastJsonKind.String: writer.WriteString(_text); break;
            case FastJsonKind.Array:
                writer.WriteStartArray();
                foreach (var item in _items!)
                {
                    item.WriteTo(writer);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var member in _members!)
                {
                    member.Key.WriteTo(writer);
                    member.Value.WriteTo(writer);
                }
                writer.WriteEndObject();
                break;
        }
    }

    private FormatException Mismatch(string expected) =>
        new($"Expected {expected} but the JSON value is {Kind.ToString().ToLowerInvariant()}.");
}
