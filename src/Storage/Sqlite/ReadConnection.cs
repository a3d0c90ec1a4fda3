using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Sqlite;

/// <summary>A read-only connection and its prepared statements; one caller at a time, lent by the <see cref="ReaderPool"/>.</summary>
internal sealed class ReadConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _readRange;
    private readonly SqliteStatement _readAt;
    private readonly SqliteStatement _timestampAt;
    private readonly SqliteStatement _firstTimestamp;
    private readonly SqliteStatement _ping;
    private readonly SqliteStatement _findStream;
    private readonly SqliteStatement _readAtWithStream;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _end;
    private readonly List<SqliteStatement> _statements = [];

    private ReadConnection(SqliteConnection connection)
    {
        _connection = connection;
        try
        {
            _readRange = Prepare("""
                SELECT revision, position, timestamp, event_id, data FROM events
                WHERE stream_id = ?1 AND revision >= ?2 AND revision < ?3 ORDER BY revision
                """);
            _readAt = Prepare("SELECT stream_id, revision, timestamp, event_id, data FROM events WHERE position = ?1");
            _timestampAt = Prepare("SELECT timestamp FROM events WHERE stream_id = ?1 AND revision = ?2");
            _firstTimestamp = Prepare("SELECT timestamp FROM events WHERE stream_id = ?1 AND revision >= ?2 ORDER BY revision LIMIT 1");
            _ping = Prepare("SELECT 1");
            // Shared mode's reads: the stream's row rather than the writer's catalog, as other processes change it.
            _findStream = Prepare(SqliteSchema.SelectStreamByName);
            _readAtWithStream = Prepare("""
                SELECT s.name, e.revision, e.timestamp, e.event_id, e.data FROM events e JOIN streams s ON s.id = e.stream_id
                WHERE e.position = ?1 AND e.revision >= s.first_revision
                """);
            _begin = Prepare("BEGIN");
            _end = Prepare("COMMIT");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static ReadConnection Open(string fullPath)
    {
        var connection = SqliteConnections.OpenReader(fullPath);
        try
        {
            return new ReadConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Events of <paramref name="stream"/> in [<paramref name="from"/>, <paramref name="to"/>), within <paramref name="maxBytes"/>.</summary>
    public EventBatch ReadForward(StreamInfo stream, long from, long to, int maxBytes)
    {
        var s = _readRange;
        var builder = new EventBatchBuilder((int)Math.Min(to - from, int.MaxValue), maxBytes);
        try
        {
            s.Bind(1, stream.Id);
            s.Bind(2, from);
            s.Bind(3, to);
            while (s.Step())
            {
                var data = s.GetBlob(4);
                if (!builder.Fits(data.Length))
                {
                    break;
                }
                builder.Add(s.GetInt64(0), s.GetInt64(1), s.GetInt64(2), s.GetGuid(3), data);
            }
            return builder.Build(stream.Bounds);
        }
        catch
        {
            builder.Abandon();
            throw;
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>The event at a position, unless its stream is deleted or it lies below the stream's first revision.</summary>
    public StoredEvent? ReadAt(long position, StreamCatalog catalog)
    {
        var s = _readAt;
        try
        {
            s.Bind(1, position);
            if (!s.Step())
            {
                return null;
            }
            var stream = catalog.Find(s.GetInt64(0));
            var revision = s.GetInt64(1);
            if (stream is null || revision < stream.FirstRevision)
            {
                return null;
            }
            return new StoredEvent(stream.Name, revision, position, s.GetInt64(2), s.GetGuid(3), s.GetBlob(4).ToArray());
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> in one read transaction, so a stream looked up and its events read after come from
    /// the same commit, whatever other processes commit meanwhile.
    /// </summary>
    public T InSnapshot<TState, T>(TState state, Func<ReadConnection, TState, T> read)
    {
        _begin.Execute();
        // Not in a finally: after a failure the pool closes this connection, which ends the transaction.
        var result = read(this, state);
        _end.Execute();
        return result;
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

    /// <summary>Like <see cref="ReadAt"/>, taking the stream from the file rather than from a catalog.</summary>
    public StoredEvent? ReadAtWithStream(long position)
    {
        var s = _readAtWithStream;
        try
        {
            s.Bind(1, position);
            return s.Step()
                ? new StoredEvent(s.GetString(0), s.GetInt64(1), position, s.GetInt64(2), s.GetGuid(3), s.GetBlob(4).ToArray())
                : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public long FindRevisionByTime(StreamInfo stream, long timestampMs)
        => TimeSearch.FirstAtOrAfter(stream.FirstRevision, stream.NextRevision, timestampMs, revision => TimestampAt(stream.Id, revision));

    public long? FirstTimestamp(StreamInfo stream)
    {
        var s = _firstTimestamp;
        try
        {
            s.Bind(1, stream.Id);
            s.Bind(2, stream.FirstRevision);
            return s.Step() ? s.GetInt64(0) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public void Ping()
    {
        try
        {
            _ping.Step();
        }
        finally
        {
            _ping.Reset();
        }
    }

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }
        _statements.Clear();
        _connection.Dispose();
    }

    private long? TimestampAt(long streamId, long revision)
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

    private SqliteStatement Prepare(string sql)
    {
        var statement = SqliteStatement.Prepare(_connection, sql);
        _statements.Add(statement);
        return statement;
    }
}
