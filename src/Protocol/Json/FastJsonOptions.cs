namespace EventBroker.Protocol.Json;

/// <summary>How <see cref="FastJsonWriter"/> renders the parts of fastjson output that are not standard JSON.</summary>
public sealed class FastJsonOptions
{
    /// <summary>fastjson's defaults, as <c>RemotingSerializable.encode</c> uses them: non-string map keys unquoted.</summary>
    public static FastJsonOptions Default { get; } = new();

    /// <summary>What the name server emits for clients at V4_9_4 or later, or that ask for acceptStandardJsonOnly.</summary>
    public static FastJsonOptions Standard { get; } = new() { StandardJson = true };

    /// <summary>
    /// Mirrors fastjson's BrowserCompatible + MapSortField features: non-string map keys become JSON strings,
    /// map entries are sorted by key, non-ASCII and '/' are escaped, and longs beyond ±2^53 are quoted.
    /// </summary>
    public bool StandardJson { get; init; }

    public static FastJsonOptions For(bool standardJson) => standardJson ? Standard : Default;
}
