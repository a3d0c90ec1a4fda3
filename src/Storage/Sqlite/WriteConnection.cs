using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// The write connection and its prepared statements. Used only by the writer thread; every mutation of the
/// database goes through here.
/// </summary>
internal sealed class WriteConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _insertEvent;
    private readonly SqliteStatement _findEvent;
    private readonly SqliteStatement _insertStream;
    private readonly SqliteStatement _setBounds;
    private readonly SqliteStatement _setPositionFloor;
    private readonly SqliteStatement _deleteStream;
    private readonly SqliteStatement _markDeleted;
    private readonly SqliteStatement _unmarkDeleted;
    private readonly SqliteStatement _timestampAt;
    private readonly SqliteStatement _minRevision;
    private readonly SqliteStatement _purgeRange;
    private readonly SqliteStatement _findStream;
    private readonly SqliteStatement _streamNamesWithPrefix;
    private readonly SqliteStatement _nextPosition;
    private readonly SqliteStatement _dataVersion;
    private readonly List<SqliteStatement> _statements = [];

    private WriteConnection(SqliteConnection connection)
    {
        _connection = connection;
        try
        {
            // BEGIN IMMEDIATE takes the write lock up front, so a commit never has to upgrade a read lock.
            _begin = Prepare("BEGIN IMMEDIATE");
            _commit = Prepare("COMMIT");
            // Positions are assigned here, not by SQLite: the writer knows them before it inserts, so a duplicate id costs
            // one refused insert and nothing else.
            _insertEvent = Prepare("""
                INSERT INTO events (position, stream_id, revision, event_id, timestamp, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (event_id, stream_id) DO NOTHING
                """);
            _findEvent = Prepare("SELECT revision, position FROM events WHERE event_id = ?2 AND stream_id = ?1");
            _insertStream = Prepare("INSERT INTO streams (name, first_revision, next_revision) VALUES (?1, 0, 0) RETURNING id");
            _setBounds = Prepare("UPDATE streams SET first_revision = ?2, next_revision = ?3 WHERE id = ?1");
            _setPositionFloor = Prepare("UPDATE store_state SET position_floor = ?1 WHERE id = 1");
            _deleteStream = Prepare("DELETE FROM streams WHERE id = ?1");
            _markDeleted = Prepare("INSERT OR IGNORE INTO deleted_streams (stream_id) VALUES (?1)");
            _unmarkDeleted = Prepare("DELETE FROM deleted_streams WHERE stream_id = ?1");
            _timestampAt = Prepare("SELECT timestamp FROM events WHERE stream_id = ?1 AND revision = ?2");
            _minRevision = Prepare("SELECT min(revision) FROM events WHERE stream_id = ?1");
            _purgeRange = Prepare("DELETE FROM events WHERE stream_id = ?1 AND revision >= ?2 AND revision < ?3");
            _findStream = Prepare(SqliteSchema.SelectStreamByName);
            _streamNamesWithPrefix = Prepare("SELECT name FROM streams WHERE substr(name, 1, length(?1)) = ?1");
            _nextPosition = Prepare(SqliteSchema.SelectNextPosition);
            _dataVersion = Prepare("PRAGMA data_version");
        }
        catch
        {
            DisposeStatements();
            throw;
        }
    }

    /// <summary>Opens the write connection, creating the schema in a new database.</summary>
    public static WriteConnection Open(SqliteStreamStoreOptions options, string fullPath)
    {
        var connection = options.Shared
            ? SqliteConnections.OpenWriter(fullPath, options.Flush, (int)options.LockTimeout.TotalMilliseconds)
            : SqliteConnections.OpenWriter(fullPath, options.Flush);
        try
        {
            SqliteSchema.Ensure(connection, options.Path);
            options.OnWriteConnectionOpened?.Invoke(connection);
            return new WriteConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Begin() => _begin.Execute();

    public void Commit() => _commit.Execute();

    /// <summary>Rolls back whatever transaction a failure left open; SQLite may already have rolled it back itself.</summary>
    public void RollbackQuietly()
    {
        try
        {
            if (_connection.Handle is { } db && raw.sqlite3_get_autocommit(db) == 0)
            {
                SqliteConnections.Execute(_connection, "ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // The connection is discarded after any failure; closing it abandons the transaction all the same.
        }
    }

    /// <summary>Inserts an event unless the stream already holds its id; false for a duplicate.</summary>
    public bool TryInsertEvent(long position, long streamId, long revision, in EventToAppend e)
    {
        var s = _insertEvent;
        s.Bind(1, position);
        s.Bind(2, streamId);
        s.Bind(3, revision);
        s.Bind(4, e.EventId);
        s.Bind(5, e.TimestampMs);
        s.Bind(6, e.Data.Span);
        return s.Execute() == 1;
    }

    /// <summary>Where the stream holds an event id, if it does.</summary>
    public (long Revision, long Position)? FindEvent(long streamId, Guid eventId)
    {
        var s = _findEvent;
        try
        {
            s.Bind(1, streamId);
            s.Bind(2, eventId);
            return s.Step() ? (s.GetInt64(0), s.GetInt64(1)) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public long InsertStream(string name)
    {
        var s = _insertStream;
        try
        {
            s.Bind(1, name);
            s.Step();
            return s.GetInt64(0);
        }
        finally
        {
            s.Reset();
        }
    }

    public void SetBounds(long streamId, long first, long next)
    {
        _setBounds.Bind(1, streamId);
        _setBounds.Bind(2, first);
        _setBounds.Bind(3, next);
        _setBounds.Execute();
    }

    /// <summary>Records that no position below <paramref name="floor"/> may be given out again.</summary>
    public void SetPositionFloor(long floor)
    {
        _setPositionFloor.Bind(1, floor);
        _setPositionFloor.Execute();
    }

    /// <summary>Removes the stream's row and records its id so its events are purged, now or after a restart.</summary>
    public void DeleteStream(long streamId)
    {
        _deleteStream.Bind(1, streamId);
        _deleteStream.Execute();
        _markDeleted.Bind(1, streamId);
        _markDeleted.Execute();
    }

    public void ForgetDeletedStream(long streamId)
    {
        _unmarkDeleted.Bind(1, streamId);
        _unmarkDeleted.Execute();
    }

    /// <summary>The timestamp stored at a revision; null when no event is stored there (purged, or never written).</summary>
    public long? TimestampAt(long streamId, long revision)
    {
        var s = _timestampAt;
        try
        {
            s.Bind(1, streamId);
            s.Bind(2, revision);
            return s.Step() ? s.GetInt64(0) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>The lowest revision still physically stored for a stream id, or null when none is.</summary>
    public long? MinStoredRevision(long streamId)
    {
        var s = _minRevision;
        try
        {
            s.Bind(1, streamId);
            return s.Step() && !s.IsNull(0) ? s.GetInt64(0) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public int PurgeRange(long streamId, long fromRevision, long toRevision)
    {
        _purgeRange.Bind(1, streamId);
        _purgeRange.Bind(2, fromRevision);
        _purgeRange.Bind(3, toRevision);
        return _purgeRange.Execute();
    }

    /// <summary>A stream as the file holds it now, or null when there is none of that name.</summary>
    public StreamInfo? FindStream(string name)
    {
        var s = _findStream;
        try
        {
            s.Bind(1, name);
            return s.Step() ? new StreamInfo(s.GetInt64(0), name, s.GetInt64(1), s.GetInt64(2)) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>The names of every stream in the file that start with <paramref name="prefix"/>.</summary>
    public List<string> StreamNamesWithPrefix(string prefix)
    {
        var s = _streamNamesWithPrefix;
        var names = new List<string>();
        try
        {
            s.Bind(1, prefix);
            while (s.Step())
            {
                names.Add(s.GetString(0));
            }
            return names;
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>
    /// SQLite's count of commits by other connections to this file (any process) that this one has seen; it moves when
    /// a transaction starts after one. Own commits leave it alone.
    /// </summary>
    public long DataVersion()
    {
        var s = _dataVersion;
        try
        {
            s.Step();
            return s.GetInt64(0);
        }
        finally
        {
            s.Reset();
        }
    }

    public List<StreamInfo> LoadStreams()
    {
        var streams = new List<StreamInfo>();
        using var command = _connection.CreateCommand();
        // Appends do not update next_revision (see SqliteSchema); the highest stored revision completes it.
        command.CommandText = """
            SELECT s.id, s.name, s.first_revision,
                   max(s.next_revision, coalesce((SELECT max(e.revision) + 1 FROM events e WHERE e.stream_id = s.id), 0))
            FROM streams s
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            streams.Add(new StreamInfo(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return streams;
    }

    public List<long> LoadDeletedStreamIds()
    {
        var ids = new List<long>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT stream_id FROM deleted_streams";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    /// <summary>The position the next event gets: one past the highest ever used, even if that event was deleted.</summary>
    public long LoadNextPosition()
    {
        var s = _nextPosition;
        try
        {
            s.Step();
            return s.GetInt64(0);
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>Copies the WAL into the database and truncates it, so a closed store is one self-contained file.</summary>
    public void Checkpoint() => SqliteConnections.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");

    /// <summary>
    /// Copies what it can of the WAL into the database without waiting for anyone. For a store sharing the file: a
    /// truncating checkpoint would hold the other processes' writers up; SQLite folds the WAL in when the last one closes.
    /// </summary>
    public void CheckpointPassively() => SqliteConnections.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");

    public void Dispose()
    {
        // Statements first: a connection with unfinalized statements stays open behind a disposed object.
        DisposeStatements();
        _connection.Dispose();
    }

    private void DisposeStatements()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }
        _statements.Clear();
    }

    private SqliteStatement Prepare(string sql)
    {
        var statement = SqliteStatement.Prepare(_connection, sql);
        _statements.Add(statement);
        return statement;
    }

}
