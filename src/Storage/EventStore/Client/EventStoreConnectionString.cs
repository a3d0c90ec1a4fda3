using System.Globalization;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Parses EventStoreDB connection strings the way the official clients read them: scheme esdb or esdb+discover,
/// optional percent-encoded <c>user:pass@</c>, one or more comma-separated hosts (default port 2113) and
/// case-insensitive settings. An unknown setting is an error rather than silently ignored.
/// </summary>
internal static class EventStoreConnectionString
{
    private const string Scheme = "esdb://";
    private const string DiscoverScheme = "esdb+discover://";

    public static bool IsEventStore(string value)
        => value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.StartsWith(DiscoverScheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="FormatException">The string is not a valid EventStoreDB connection string; the message says which part.</exception>
    public static EventStoreClientSettings Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var value = connectionString.Trim();
        bool discover;
        if (value.StartsWith(DiscoverScheme, StringComparison.OrdinalIgnoreCase))
        {
            (discover, value) = (true, value[DiscoverScheme.Length..]);
        }
        else if (value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            (discover, value) = (false, value[Scheme.Length..]);
        }
        else
        {
            throw Invalid(connectionString, "it must start with esdb:// or esdb+discover://");
        }

        var query = "";
        var questionMark = value.IndexOf('?');
        if (questionMark >= 0)
        {
            (value, query) = (value[..questionMark], value[(questionMark + 1)..]);
        }
        value = value.TrimEnd('/');

        string? user = null, password = null;
        var at = value.LastIndexOf('@');
        if (at >= 0)
        {
            (user, password) = ParseCredentials(connectionString, value[..at]);
            value = value[(at + 1)..];
        }

        var hosts = new List<Grpc.NodeEndpoint>();
        foreach (var host in value.Split(',', StringSplitOptions.TrimEntries))
        {
            try
            {
                hosts.Add(Grpc.NodeEndpoint.Parse(host, EventStoreClientSettings.DefaultPort));
            }
            catch (FormatException ex)
            {
                throw Invalid(connectionString, ex.Message);
            }
        }

        var settings = new EventStoreClientSettings
        {
            Hosts = hosts,
            Discover = discover || hosts.Count > 1,
            UserName = user,
            Password = password,
        };
        return ApplySettings(connectionString, settings, query);
    }

    private static (string User, string Password) ParseCredentials(string original, string userInfo)
    {
        var colon = userInfo.IndexOf(':');
        if (colon <= 0 || colon == userInfo.Length - 1)
        {
            throw Invalid(original, "credentials must be user:password@ (percent-encode ':' or '@' inside them)");
        }
        return (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }

    private static EventStoreClientSettings ApplySettings(string original, EventStoreClientSettings settings, string query)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw Invalid(original, $"setting '{pair}' has no value (expected key=value)");
            }
            var key = pair[..equals].Trim();
            var raw = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            if (key.Equals("throwOnAppendFailure", StringComparison.OrdinalIgnoreCase))
            {
                // Checked but not used: the store decides how a failed append surfaces.
                _ = Bool(original, key, raw);
                continue;
            }
            settings = key.ToLowerInvariant() switch
            {
                "tls" => settings with { Tls = Bool(original, key, raw) },
                "tlsverifycert" => settings with { TlsVerifyCert = Bool(original, key, raw) },
                "tlscafile" => settings with { TlsCaFile = raw },
                "nodepreference" => settings with { NodePreference = Preference(original, raw) },
                "connectionname" => settings with { ConnectionName = raw },
                "maxdiscoverattempts" => settings with { MaxDiscoverAttempts = (int)Math.Max(1, Number(original, key, raw)) },
                "discoveryinterval" => settings with { DiscoveryInterval = Milliseconds(original, key, raw) },
                "gossiptimeout" => settings with { GossipTimeout = Milliseconds(original, key, raw) },
                "defaultdeadline" => settings with { DefaultDeadline = Milliseconds(original, key, raw) },
                "keepaliveinterval" => settings with { KeepAliveInterval = MillisecondsOrOff(original, key, raw) },
                "keepalivetimeout" => settings with { KeepAliveTimeout = MillisecondsOrOff(original, key, raw) },
                "usercertfile" or "userkeyfile" => throw Invalid(original, $"'{key}' (X.509 user certificates) is not supported; use user:password@"),
                _ => throw Invalid(original, $"unknown setting '{key}'"),
            };
        }
        return settings;
    }

    private static bool Bool(string original, string key, string raw) => raw.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw Invalid(original, $"'{key}' must be true or false, not '{raw}'"),
    };

    private static long Number(string original, string key, string raw)
        => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Invalid(original, $"'{key}' must be a whole number, not '{raw}'");

    private static TimeSpan Milliseconds(string original, string key, string raw)
    {
        var ms = Number(original, key, raw);
        return ms > 0 ? TimeSpan.FromMilliseconds(ms) : throw Invalid(original, $"'{key}' must be a positive number of milliseconds, not '{raw}'");
    }

    // EventStoreDB's convention: -1 turns keep-alive off.
    private static TimeSpan MillisecondsOrOff(string original, string key, string raw)
        => Number(original, key, raw) == -1 ? Timeout.InfiniteTimeSpan : Milliseconds(original, key, raw);

    private static NodePreference Preference(string original, string raw) => raw.ToLowerInvariant() switch
    {
        "leader" => NodePreference.Leader,
        "follower" => NodePreference.Follower,
        "random" => NodePreference.Random,
        "readonlyreplica" => NodePreference.ReadOnlyReplica,
        _ => throw Invalid(original, $"nodePreference must be leader, follower, random or readOnlyReplica, not '{raw}'"),
    };

    private static FormatException Invalid(string original, string why)
        => new($"'{Redact(original)}' is not a valid EventStoreDB connection string: {why}.");

    /// <summary>The string with its password replaced, so errors and logs never show it.</summary>
    public static string Redact(string connectionString)
    {
        var schemeEnd = connectionString.IndexOf("://", StringComparison.Ordinal);
        var at = connectionString.IndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return connectionString;
        }
        var colon = connectionString.IndexOf(':', schemeEnd + 3);
        return colon > 0 && colon < at ? connectionString[..(colon + 1)] + "***" + connectionString[at..] : connectionString;
    }
}
