using System.Buffers;
using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// A command's ext fields in java.util.HashMap iteration order (the order the Java broker writes them), in pooled
/// arrays so encoding a frame allocates nothing. Same ordering rule as <see cref="JavaHashMapOrder.Order"/>:
/// a stable sort by bucket index under the final table capacity, with dictionary enumeration as insertion order.
/// </summary>
internal readonly struct OrderedExtFields : IDisposable
{
    // Up to this many entries the sort keys live on the stack; headers rarely carry more than 15 fields.
    private const int StackSortLimit = 64;

    private readonly KeyValuePair<string, string>[]? _rented;
    private readonly int _count;

    private OrderedExtFields(KeyValuePair<string, string>[] rented, int count)
    {
        _rented = rented;
        _count = count;
    }

    /// <summary>Entries in wire order; empty when the command has no ext fields.</summary>
    public ReadOnlySpan<KeyValuePair<string, string>> Items =>
        _rented is null ? default : _rented.AsSpan(_count, _count);

    public static OrderedExtFields Create(Dictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return default;
        }

        var count = map.Count;
        // First half: entries in insertion order; second half: the same entries in HashMap order.
        var rented = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(count * 2);
        long[]? rentedKeys = null;
        var sortKeys = count <= StackSortLimit
            ? stackalloc long[StackSortLimit]
            : (rentedKeys = ArrayPool<long>.Shared.Rent(count));
        sortKeys = sortKeys[..count];

        var capacity = JavaHashMapOrder.Capacity(count);
        var i = 0;
        foreach (var entry in map)
        {
            rented[i] = entry;
            // Bucket in the high half, insertion index in the low half: an unstable sort then keeps ties in order.
            sortKeys[i] = ((long)JavaHashMapOrder.Bucket(entry.Key, capacity) << 32) | (uint)i;
            i++;
        }

        sortKeys.Sort();
        for (i = 0; i < count; i++)
        {
            rented[count + i] = rented[(int)(sortKeys[i] & 0xFFFF_FFFF)];
        }

        if (rentedKeys is not null)
        {
            ArrayPool<long>.Shared.Return(rentedKeys);
        }

        return new OrderedExtFields(rented, count);
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            // Clear only what was used: the pool must not keep the strings alive.
            _rented.AsSpan(0, _count * 2).Clear();
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(_rented);
        }
    }
}
