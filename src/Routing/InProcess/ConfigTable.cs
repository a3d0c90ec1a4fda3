using System.Collections.Concurrent;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Named configs (topics or subscription groups). Stored instances are private copies that are replaced, never
/// changed, so readers can copy them without a lock. The change counter doubles as RocketMQ's dataVersion and
/// tells the persister whether the file is behind.
/// </summary>
internal sealed class ConfigTable<T> where T : class
{
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Func<T, string> _nameOf;
    private readonly Func<T, T> _clone;
    private readonly TimeProvider _time;
    private readonly Action _changed;
    private long _counter;
    private long _timestamp;

    public ConfigTable(Func<T, string> nameOf, Func<T, T> clone, TimeProvider time, Action changed)
    {
        _nameOf = nameOf;
        _clone = clone;
        _time = time;
        _changed = changed;
    }

    public DataVersionStamp Version => new(Volatile.Read(ref _counter), Volatile.Read(ref _timestamp));

    /// <summary>Fills the table from persisted state before anyone else can see it; not a change.</summary>
    public void Load(IEnumerable<T> items, DataVersionStamp version)
    {
        foreach (var item in items)
            _items[_nameOf(item)] = item;
        _counter = version.Counter;
        _timestamp = version.Timestamp;
    }

    public T? Get(string name) => _items.TryGetValue(name, out var item) ? _clone(item) : null;

    public IReadOnlyList<T> GetAll() => Snapshot().Select(_clone).ToList();

    /// <summary>The stored instances ordered by name, for the persister, which only reads them.</summary>
    /// <remarks>
    /// ToArray is the dictionary's one atomic copy. Sorting the live dictionary instead lets LINQ size its result from
    /// one count and fill it from a later enumeration, which fails with IndexOutOfRangeException when a concurrent
    /// auto-create adds a topic in between.
    /// </remarks>
    public IReadOnlyList<T> Snapshot()
    {
        var items = _items.ToArray();
        Array.Sort(items, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Array.ConvertAll(items, static pair => pair.Value);
    }

    public void Put(T config)
    {
        var copy = _clone(config);
        _items[ValidName(copy)] = copy;
        MarkChanged();
    }

    public T GetOrAdd(T config)
    {
        var candidate = _clone(config);
        var name = ValidName(candidate);
        // TryAdd decides the winner of concurrent auto-creates; the loop covers a delete between the two calls.
        while (true)
        {
            if (_items.TryGetValue(name, out var existing))
                return _clone(existing);
            if (_items.TryAdd(name, candidate))
            {
                MarkChanged();
                return _clone(candidate);
            }
        }
    }

    public bool Delete(string name)
    {
        if (!_items.TryRemove(name, out _))
            return false;
        MarkChanged();
        return true;
    }

    private string ValidName(T config)
    {
        var name = _nameOf(config);
        ArgumentException.ThrowIfNullOrEmpty(name, nameof(config));
        return name;
    }

    private void MarkChanged()
    {
        Volatile.Write(ref _timestamp, _time.GetUtcNow().ToUnixTimeMilliseconds());
        Interlocked.Increment(ref _counter);
        _changed();
    }
}

/// <summary>RocketMQ's DataVersion: a change counter and the time of the last change (epoch ms).</summary>
internal readonly record struct DataVersionStamp(long Counter, long Timestamp);
