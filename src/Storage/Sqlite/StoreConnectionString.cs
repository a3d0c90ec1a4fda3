using System.Diagnostics.CodeAnalysis;

namespace EventBroker.Storage.Sqlite;

/// <summary>Reads the embedded store's connection string: <c>sqlite:path</c> or <c>sqlite://path</c>.</summary>
public static class StoreConnectionString
{
    private const string Scheme = "sqlite:";
    private const string SchemeWithSlashes = "sqlite://";

    /// <summary>The database path named by <paramref name="connectionString"/>, e.g. <c>./data/eventbroker.db</c>.</summary>
    /// <exception cref="ArgumentException">The string is not of either accepted form.</exception>
    public static string Parse(string connectionString)
    {
        if (TryParse(connectionString, out var path))
        {
            return path;
        }
        throw new ArgumentException(
            $"store connection string '{connectionString}' is not a SQLite location: use sqlite:<path> or sqlite://<path>, "
            + "e.g. sqlite:./data/eventbroker.db or sqlite:///var/lib/eventbroker/eventbroker.db",
            nameof(connectionString));
    }

    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out string? path)
    {
        path = null;
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
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return false;
        }
        path = candidate;
        return true;
    }
}
