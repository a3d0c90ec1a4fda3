namespace EventBroker.Protocol.Json;

/// <summary>
/// The order in which a default java.util.HashMap&lt;String, ?&gt; iterates its keys. fastjson writes maps in
/// iteration order, so a broker's extFields and KVTable bodies come out in this order; reproducing it makes
/// our frames byte-identical to the Java broker's (fastjson-samples.txt).
/// </summary>
/// <remarks>
/// A HashMap's table starts at 16 buckets and doubles whenever size exceeds 0.75 × capacity; a key lives in
/// bucket <c>(h ^ (h &gt;&gt;&gt; 16)) &amp; (capacity - 1)</c> where h is String.hashCode(). Resizing splits each bucket
/// preserving relative order, so the final order is a stable sort by bucket index under the final capacity,
/// ties in insertion order. (Buckets that treeify need 8 colliding keys and a 64-bucket table: not our maps.)
/// </remarks>
public static class JavaHashMapOrder
{
    public static int Capacity(int count)
    {
        var capacity = 16;
        while (count > capacity * 3 / 4)
        {
            capacity <<= 1;
        }
        return capacity;
    }

    public static int Bucket(string key, int capacity)
    {
        var h = JavaString.HashCode(key);
        h ^= (int)((uint)h >> 16);
        return h & (capacity - 1);
    }

    /// <summary>
    /// Items in the iteration order of a Java HashMap/HashSet (or ConcurrentHashMap) of the given shape, taking
    /// the enumeration order of <paramref name="items"/> as insertion order.
    /// </summary>
    /// <param name="javaHashCode">The element's (or key's) Java hashCode().</param>
    public static T[] OrderByBucket<T>(IReadOnlyCollection<T> items, Func<T, int> javaHashCode, JavaMapShape shape)
    {
        var capacity = shape.TableSize(items.Count);
        var order = new (int Bucket, int Index)[items.Count];
        var copy = new T[items.Count];
        var i = 0;
        foreach (var item in items)
        {
            var h = javaHashCode(item);
            h ^= (int)((uint)h >> 16);
            copy[i] = item;
            order[i] = (h & (capacity - 1), i);
            i++;
        }
        // Array.Sort is not stable: (bucket, index) pairs keep insertion order within a bucket.
        Array.Sort(order);
        var result = new T[copy.Length];
        for (i = 0; i < order.Length; i++)
        {
            result[i] = copy[order[i].Index];
        }
        return result;
    }

    /// <summary>Keys of <paramref name="map"/> in Java iteration order, taking the dictionary's enumeration order as insertion order.</summary>
    public static KeyValuePair<string, TValue>[] Order<TValue>(IReadOnlyDictionary<string, TValue> map)
    {
        var items = new KeyValuePair<string, TValue>[map.Count];
        var buckets = new int[map.Count];
        var capacity = Capacity(map.Count);
        var i = 0;
        foreach (var kv in map)
        {
            items[i] = kv;
            buckets[i] = Bucket(kv.Key, capacity);
            i++;
        }
        // Array.Sort is not stable: sort (bucket, index) pairs instead.
        var order = new (int Bucket, int Index)[items.Length];
        for (i = 0; i < items.Length; i++)
        {
            order[i] = (buckets[i], i);
        }
        Array.Sort(order);
        var result = new KeyValuePair<string, TValue>[items.Length];
        for (i = 0; i < order.Length; i++)
        {
            result[i] = items[order[i].Index];
        }
        return result;
    }
}

/// <summary>Java String semantics the protocol depends on.</summary>
public static class JavaString
{
    /// <summary>java.lang.String.hashCode(): used for HashMap order and for tag codes (tagsCode).</summary>
    public static int HashCode(ReadOnlySpan<char> s)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }
        return h;
    }

    /// <summary>Java's String.compareTo order (UTF-16 code units), used to sort keys as Java does.</summary>
    public static int Compare(string? a, string? b) => string.CompareOrdinal(a, b);
}
