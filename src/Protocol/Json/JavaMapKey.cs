namespace EventBroker.Protocol.Json;

/// <summary>
/// What fastjson needs to know about a map key type: its Java hashCode (HashMap iteration order), its Java
/// compareTo (MapSortField order in standard mode) and how it is written as a key.
/// </summary>
public sealed class JavaMapKey<TKey>(Func<TKey, int> javaHashCode, Comparison<TKey> javaCompare, Action<FastJsonWriter, TKey> write)
{
    public Func<TKey, int> JavaHashCode { get; } = javaHashCode;

    public Comparison<TKey> JavaCompare { get; } = javaCompare;

    public Action<FastJsonWriter, TKey> Write { get; } = write;
}

public static class JavaMapKeys
{
    public static JavaMapKey<string> String { get; } = new(
        static key => JavaString.HashCode(key),
        static (a, b) => JavaString.Compare(a, b),
        static (writer, key) => writer.WriteString(key));

    /// <summary>java.lang.Long keys (BrokerData.brokerAddrs): unquoted by default, quoted in standard JSON.</summary>
    public static JavaMapKey<long> Int64 { get; } = new(
        static key => (int)(key ^ (long)((ulong)key >> 32)),
        static (a, b) => a.CompareTo(b),
        static (writer, key) => writer.WriteNumber(key));
}
