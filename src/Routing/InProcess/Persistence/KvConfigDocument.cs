namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>kvConfig.json: the name server's KVConfigSerializeWrapper, {"configTable":{namespace:{key:value}}}.</summary>
internal sealed class KvConfigDocument
{
    public SortedDictionary<string, SortedDictionary<string, string>>? ConfigTable { get; set; }

    public static KvConfigDocument From(IEnumerable<KeyValuePair<(string Namespace, string Key), string>> values)
    {
        var table = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var ((ns, key), value) in values)
        {
            if (!table.TryGetValue(ns, out var entries))
                table[ns] = entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
            entries[key] = value;
        }
        return new KvConfigDocument { ConfigTable = table };
    }

    public IReadOnlyList<KeyValuePair<(string Namespace, string Key), string>> ToValues()
        => (ConfigTable ?? [])
            .SelectMany(ns => (ns.Value ?? []).Select(entry => KeyValuePair.Create((ns.Key, entry.Key),
                entry.Value ?? throw new InvalidDataException($"kv '{ns.Key}/{entry.Key}' has no value"))))
            .ToList();
}
