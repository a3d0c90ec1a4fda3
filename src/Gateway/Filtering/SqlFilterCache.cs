using System.Collections.Concurrent;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// Compiled SQL92 subscriptions by expression text, failures included, so neither a pull nor a heartbeat-held
/// subscription re-parses anything. The text alone decides the compiled form: a consumer that changes its
/// subscription (a new subVersion) sends a new text and gets its own entry, while the many members of a group
/// and every subVersion of an unchanged expression share one. Bounded like RocketMQ's parse cache.
/// </summary>
public sealed class SqlFilterCache
{
    /// <summary>Far above the distinct expressions a broker sees; reaching it starts the cache over.</summary>
    internal const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The compiled filter, or the reason the expression does not parse.</summary>
    public bool TryGet(string expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqlFilter? filter, out SqlParseException? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (!_entries.TryGetValue(expression, out var entry))
        {
            entry = Compile(expression);
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
            entry = _entries.GetOrAdd(expression, entry);
        }
        filter = entry.Filter;
        error = entry.Error;
        return filter is not null;
    }

    private static Entry Compile(string expression)
    {
        try
        {
            return new Entry(SqlFilter.Compile(expression), null);
        }
        catch (SqlParseException ex)
        {
            return new Entry(null, ex);
        }
    }

    private sealed record Entry(SqlFilter? Filter, SqlParseException? Error);
}
