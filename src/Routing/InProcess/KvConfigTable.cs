using System.Collections.Concurrent;

namespace EventBroker.Routing.InProcess;

/// <summary>The name server's namespaced key/value config (kvConfig.json).</summary>
internal sealed class KvConfigTable
{
    private readonly ConcurrentDictionary<(string Namespace, string Key), string> _values = new();
    private readonly Action _changed;
    private long _version;

    public KvConfigTable(Action changed) => _changed = changed;

    public long Version => Volatile.Read(ref _version);

    public void Load(IEnumerable<KeyValuePair<(string Namespace, string Key), string>> values)
    {
        foreach (var (key, value) in values)
            _values[key] = value;
    }

    public string? Get(string ns, string key) => _values.TryGetValue((ns, key), out var value) ? value : null;

    public void Put(string ns, string key, string value)
    {
        _values[(ns, key)] = value;
        MarkChanged();
    }

    public bool Delete(string ns, string key)
    {
        if (!_values.TryRemove((ns, key), out _))
            return false;
        MarkChanged();
        return true;
    }

    public IReadOnlyList<KeyValuePair<(string Namespace, string Key), string>> Snapshot() => _values.ToArray();

    private void MarkChanged()
    {
        Interlocked.Increment(ref _version);
        _changed();
    }
}
