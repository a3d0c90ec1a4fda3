using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The database layout, versioned by <c>PRAGMA user_version</c>.
/// <code>
/// streams          one row per live stream
///   id             INTEGER PRIMARY KEY AUTOINCREMENT: never reused, so events of a deleted stream that still await
///                  purging can never be mistaken for a new stream's of the same name
///   name           TEXT UNIQUE
///   first_revision lowest retained revision; events below it are gone for readers and are purged in chunks
///   next_revision  a floor for the revision the next append gets: the stream's next revision is the larger of this
///                  and its highest stored revision + 1. Written only when the first revision moves (so it survives
///                  the purge of every event), not by appends, which then touch no stream row at all
/// events           one row per stored event
///   position       INTEGER PRIMARY KEY: the store-wide position (commit-log offset), assigned by the writer
///   stream_id, revision   UNIQUE: dense and 0-based per stream; the index every stream read walks
///   event_id       BLOB(16), RFC 9562 byte order; UNIQUE (event_id, stream_id) is the idempotency index. The id
///                  comes first so time-ordered ids from every stream append at one edge of the index, dirtying a
///                  page or two per group commit rather than one per stream
///   timestamp      INTEGER, milliseconds since the Unix epoch
///   data           BLOB, opaque; last, so reading the other columns never walks it
/// store_state      one row
///   position_floor a floor for the next position, written whenever events are removed (truncation, retention,
///                  deletion), so positions are never reused even once the highest ones are purged. It does the
///                  job of AUTOINCREMENT without AUTOINCREMENT's sqlite_sequence update on every insert
/// deleted_streams  ids of deleted streams whose events are still being purged (resumed after a restart)
/// </code>
/// Nothing here belongs to one process: in shared mode every writer derives next revisions and positions from these
/// rows inside its write transaction, exactly as a single writer does when it opens the file.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    /// <summary>
    /// One stream by name (?1): id, first revision, and next revision completed from its highest stored revision, as
    /// appends do not write next_revision. Shared mode looks streams up with this, because other processes change them.
    /// </summary>
    public const string SelectStreamByName = """
        SELECT s.id, s.first_revision,
               max(s.next_revision, coalesce((SELECT max(e.revision) + 1 FROM events e WHERE e.stream_id = s.id), 0))
        FROM streams s WHERE s.name = ?1
        """;

    /// <summary>The position the next event gets: one past the highest ever used, even if that event was purged.</summary>
    public const string SelectNextPosition =
        "SELECT max((SELECT position_floor FROM store_state), coalesce((SELECT max(position) FROM events), 0) + 1)";

    private const string CreateVersion1 = """
        CREATE TABLE streams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            first_revision INTEGER NOT NULL,
            next_revision INTEGER NOT NULL
        );
        CREATE TABLE events (
            position INTEGER PRIMARY KEY,
            stream_id INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            event_id BLOB NOT NULL,
            timestamp INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE UNIQUE INDEX events_by_stream_revision ON events (stream_id, revision);
        CREATE UNIQUE INDEX events_by_event_id ON events (event_id, stream_id);
        CREATE TABLE store_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            position_floor INTEGER NOT NULL
        );
        INSERT INTO store_state (id, position_floor) VALUES (1, 1);
        CREATE TABLE deleted_streams (
            stream_id INTEGER PRIMARY KEY
        );
        PRAGMA user_version = 1;
        """;

    /// <summary>Creates the schema in a new database and refuses one this version does not understand.</summary>
    public static void Ensure(SqliteConnection connection, string displayPath)
    {
        if (Check(connection, displayPath))
        {
            return;
        }
        // Shared stores may open a new file together: the one that gets the write lock second must find the schema the
        // first created rather than create it again, so the check is repeated under the lock. On failure the caller
        // disposes the connection, which abandons the transaction.
        SqliteConnections.Execute(connection, "BEGIN IMMEDIATE");
        if (!Check(connection, displayPath))
        {
            SqliteConnections.Execute(connection, CreateVersion1);
        }
        SqliteConnections.Execute(connection, "COMMIT");
    }

    /// <summary>True when the database holds this version's schema, false when it is empty; throws for anything else.</summary>
    private static bool Check(SqliteConnection connection, string displayPath)
    {
        var version = Convert.ToInt32(SqliteConnections.Scalar(connection, "PRAGMA user_version"));
        if (version == Version)
        {
            return true;
        }
        if (version > Version)
        {
            throw new StreamStoreException(
                $"the SQLite store at {displayPath} has schema version {version}, newer than this EventBroker understands ({Version}). "
                + "Run the EventBroker version that wrote it, or point Store at another file.");
        }
        var tables = Convert.ToInt64(SqliteConnections.Scalar(connection, "SELECT count(*) FROM sqlite_schema"));
        if (tables > 0)
        {
            throw new StreamStoreException(
                $"the file at {displayPath} is a SQLite database but not an EventBroker store (it has tables and no EventBroker schema version). "
                + "Point Store at a new or EventBroker-created file.");
        }
        return false;
    }
}
