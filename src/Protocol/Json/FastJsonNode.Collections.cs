namespace EventBroker.Protocol.Json;

public sealed partial class FastJsonNode
{
    /// <summary>The items of an array converted one by one; null reads as an empty list.</summary>
    public List<T> ToList<T>(Func<FastJsonNode, T> read)
    {
        var items = Items;
        var list = new List<T>(items.Count);
        foreach (var item in items)
        {
            list.Add(read(item));
        }
        return list;
    }

    public HashSet<T> ToHashSet<T>(Func<FastJsonNode, T> read, IEqualityComparer<T>? comparer = null)
    {
        var items = Items;
        var set = new HashSet<T>(items.Count, comparer);
        foreach (var item in items)
        {
            set.Add(read(item));
        }
        return set;
    }

    /// <summary>The members of an object as a dictionary; a repeated key keeps its last value, as a Java map does.</summary>
    public Dictionary<TKey, TValue> ToDictionary<TKey, TValue>(
        Func<FastJsonNode, TKey> readKey,
        Func<FastJsonNode, TValue> readValue,
        IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        var members = Members;
        var map = new Dictionary<TKey, TValue>(members.Count, comparer);
        foreach (var member in members)
        {
            map[readKey(member.Key)] = readValue(member.Value);
        }
        return map;
    }

    /// <summary>A body type's own reader, for nesting (<c>node.ToBody&lt;TopicConfig&gt;()</c>).</summary>
    public T ToBody<T>()
        where T : IFastJsonBody<T> => T.FromNode(this);

    /// <summary>GetString with Java's null mapped to "" for the models' non-null string properties.</summary>
    public string GetStringOrEmpty() => GetString() ?? "";
}
