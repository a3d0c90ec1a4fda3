namespace EventBroker.Protocol.Json;

/// <summary>
/// Which Java collection a map or set field is, which decides the table size and so the iteration order
/// fastjson writes it in.
/// </summary>
/// <param name="Concurrent">ConcurrentHashMap resizes when the size reaches ¾ of the table, HashMap when it exceeds it.</param>
/// <param name="InitialTableSize">The table size the constructor chose (a power of two).</param>
public readonly record struct JavaMapShape(bool Concurrent, int InitialTableSize)
{
    /// <summary>new HashMap&lt;&gt;() and new HashSet&lt;&gt;().</summary>
    public static JavaMapShape HashMap { get; } = new(false, 16);

    /// <summary>new ConcurrentHashMap&lt;&gt;().</summary>
    public static JavaMapShape ConcurrentHashMap { get; } = new(true, 16);

    /// <summary>new ConcurrentHashMap&lt;&gt;(1024), the broker's topicConfigTable and subscriptionGroupTable: a 2048 table.</summary>
    public static JavaMapShape ConcurrentHashMap1024 { get; } = new(true, 2048);

    public int TableSize(int count)
    {
        var size = Math.Max(InitialTableSize, 1);
        while (Concurrent ? count >= size - (size >> 2) : count > size * 3 / 4)
        {
            size <<= 1;
        }
        return size;
    }
}
