namespace EventBroker.Protocol.Json;

public sealed partial class FastJsonWriter
{
    /// <summary>A bean field, left out when null as fastjson does by default.</summary>
    public void WriteProperty(string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        WritePropertyName(name);
        WriteString(value);
    }

    public void WriteProperty(string name, int value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteProperty(string name, long value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteProperty(string name, double value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteProperty(string name, bool value)
    {
        WritePropertyName(name);
        WriteBoolean(value);
    }

    public void WriteEnumProperty<TEnum>(string name, TEnum value)
        where TEnum : struct, Enum
    {
        WritePropertyName(name);
        WriteEnum(value);
    }

    /// <summary>A java.util.List: items in order.</summary>
    public void WriteList<T>(IEnumerable<T> items, Action<FastJsonWriter, T> write)
    {
        WriteStartArray();
        foreach (var item in items)
        {
            write(this, item);
        }
        WriteEndArray();
    }

    public void WriteStringList(IEnumerable<string> items) => WriteList(items, static (w, s) => w.WriteString(s));

    /// <summary>A list (or identity-hashed set) of beans: items in order.</summary>
    public void WriteBodies<T>(IEnumerable<T> items)
        where T : IFastJsonBody<T> => WriteList(items, static (w, item) => item.WriteJson(w));

    /// <summary>A java.util.HashSet: items in the set's iteration order, which depends on their hashCode.</summary>
    public void WriteSet<T>(IReadOnlyCollection<T> items, Func<T, int> javaHashCode, Action<FastJsonWriter, T> write) =>
        WriteList(JavaHashMapOrder.OrderByBucket(items, javaHashCode, JavaMapShape.HashMap), write);

    public void WriteStringSet(IReadOnlyCollection<string> items) =>
        WriteSet(items, static s => JavaString.HashCode(s), static (w, s) => w.WriteString(s));

    /// <summary>A HashSet&lt;Integer&gt; (SubscriptionData.codeSet): Integer.hashCode() is the value.</summary>
    public void WriteInt32Set(IReadOnlyCollection<int> items) =>
        WriteSet(items, static i => i, static (w, i) => w.WriteNumber(i));

    /// <summary>
    /// A java.util.Map: entries in Java iteration order for the given shape (sorted by key in standard JSON,
    /// as MapSortField does); entries with a null value are left out, as fastjson does by default.
    /// </summary>
    public void WriteMap<TKey, TValue>(
        IReadOnlyDictionary<TKey, TValue> map,
        JavaMapKey<TKey> key,
        Action<FastJsonWriter, TValue> writeValue,
        JavaMapShape shape)
    {
        KeyValuePair<TKey, TValue>[] entries;
        if (StandardJson)
        {
            entries = [.. map];
            System.Array.Sort(entries, (a, b) => key.JavaCompare(a.Key, b.Key));
        }
        else
        {
            entries = JavaHashMapOrder.OrderByBucket<KeyValuePair<TKey, TValue>>([.. map], kv => key.JavaHashCode(kv.Key), shape);
        }
        WriteStartObject();
        foreach (var entry in entries)
        {
            if (entry.Value is null)
            {
                continue;
            }
            key.Write(this, entry.Key);
            writeValue(this, entry.Value);
        }
        WriteEndObject();
    }

    public void WriteMap<TValue>(IReadOnlyDictionary<string, TValue> map, Action<FastJsonWriter, TValue> writeValue, JavaMapShape shape) =>
        WriteMap(map, JavaMapKeys.String, writeValue, shape);

    /// <summary>A number as it appeared in parsed JSON (re-emitting a <see cref="FastJsonNode"/>).</summary>
    internal void WriteRawNumber(string text)
    {
        var quote = StandardJson && InKeyPosition;
        BeginValue();
        if (quote)
        {
            WriteByte((byte)'"');
        }
        var span = _output.GetSpan(text.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(text, span);
        _output.Advance(written);
        if (quote)
        {
            WriteByte((byte)'"');
        }
        EndValue();
    }
}
