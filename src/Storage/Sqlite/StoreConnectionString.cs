using System.Diagnostics.CodeAnalysis;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Reads the embedded store's connection string: <c>sqlite:path</c> or <c>sqlite://path</c>, optionally followed by
/// <c>?mode=shared</c> (several processes on one file, see <see cref="SqliteStreamStoreOptions.Shared"/>) or
/// <c>?mode=exclusive</c> (the default). The first <c>?</c> starts the options, so a path cannot contain one.
/// </summary>
public static class StoreConnectionString
{
    private const string Scheme = "sqlite:";
    private const string SchemeWithSlashes = "sqlite://";
    private const string Forms = "use sqlite:<path> or sqlite://<path>, optionally followed by ?mode=shared or ?mode=exclusive, "
        + "e.g. sqlite:./data/eventbroker.db or sqlite:///var/lib/eventbroker/eventbroker.db?mode=shared";

    /// <summary>The database path named by <paramref name="connectionString"/>, e.g. <c>./data/eventbroker.db</c>, without its options.</summary>
    /// <exception cref="ArgumentException">The string is not of an accepted form.</exception>
    public static string Parse(string connectionString) => ParseOptions(connectionString).Path;

    /// <summary>
    /// The options <paramref name="connectionString"/> names: the path and the mode. The caller adds what the string does
    /// not carry, e.g. <c>StoreConnectionString.ParseOptions(store) with { Flush = FlushMode.Sync }</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The string is not of an accepted form, or names an unknown option.</exception>
    public static SqliteStreamStoreOptions ParseOptions(string connectionString)
    {
        if (!TrySplit(connectionString, out var path, out var query))
        {
            throw new ArgumentException($"store connection string '{connectionString}' is not a SQLite location: {Forms}", nameof(connectionString));
        }
        if (ReadShared(query) is not { } shared)
        {
            throw new ArgumentException($"store connection string '{connectionString}' has options this store does not know ('{query}'): {Forms}", nameof(connectionString));
        }
        return new SqliteStreamStoreOptions { Path = path, Shared = shared };
    }

    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out string? path)
    {
        if (TryParseOptions(connectionString, out var options))
        {
            path = options.Path;
            return true;
        }
        path = null;
        return false;
    }

    public static bool TryParseOptions(string? connectionString, [NotNullWhen(true)] out SqliteStreamStoreOptions? options)
    {
        options = null;
        if (!TrySplit(connectionString, out var path, out var query) || ReadShared(query) is not { } shared)
        {
            return false;
        }
        options = new SqliteStreamStoreOptions { Path = path, Shared = shared };
        return true;
    }

    private static bool TrySplit(string? connectionString, [NotNullWhen(true)] out string? path, out string query)
    {
        path = null;
        query = "";
        var text = connectionString?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        // The longer prefix first: "sqlite://./x.db" names "./x.db", and "sqlite:///abs/x.db" names "/abs/x.db".
        string? candidate = null;
        if (text.StartsWith(SchemeWithSlashes, StringComparison.OrdinalIgnoreCase))
        {
            candidate = text[SchemeWithSlashes.Length..];
        }
        else if (text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            candidate = text[Scheme.Length..];
        }
        if (candidate is null)
        {
            return false;
        }
        var options = candidate.IndexOf('?', StringComparison.Ordinal);
        if (options >= 0)
        {
            query = candidate[(options + 1)..];
            candidate = candidate[..options];
        }
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return false;
        }
        path = candidate;
        return true;
    }

    /// <summary>Whether the options ask for shared mode; null when they name anything but <c>mode</c>.</summary>
    private static bool? ReadShared(string query)
    {
        var shared = false;
        foreach (var option in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (option, "") : (option[..equals], option[(equals + 1)..]);
            if (!key.Equals("mode", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            if (value.Equals("shared", StringComparison.OrdinalIgnoreCase))
            {
                shared = true;
            }
            else if (value.Equals("exclusive", StringComparison.OrdinalIgnoreCase))
            {
                shared = false;
            }
            else
            {
                return null;
            }
        }
        return shared;
    }
}
