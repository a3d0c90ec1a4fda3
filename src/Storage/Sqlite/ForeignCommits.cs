namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Shared mode: tells the writer, inside each group commit's write transaction, whether any other connection (another
/// process, or another store in this one) has committed to the file since the writer last looked. Only then are its
/// cached stream states and next position stale. The test is SQLite's <c>PRAGMA data_version</c>, one step of a
/// prepared statement, so a writer the others leave alone commits as cheaply as an exclusive one.
/// </summary>
/// <remarks>
/// The writer looks right after <c>BEGIN IMMEDIATE</c> and holds the write lock until its commit, so nothing can
/// commit between the look and the writes that rely on it; its own commits do not move the count.
/// </remarks>
internal sealed class ForeignCommits
{
    private long? _seen;

    /// <summary>True when another connection has committed since the last call (or none has been made on this connection).</summary>
    public bool SinceLastLook(WriteConnection db)
    {
        var version = db.DataVersion();
        var changed = version != _seen;
        _seen = version;
        return changed;
    }

    /// <summary>For a new connection: its count has nothing to do with the old one's, so the next look reports a change.</summary>
    public void Forget() => _seen = null;
}
