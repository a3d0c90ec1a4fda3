using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// One statement prepared once per connection and reset between uses. It talks to SQLitePCL directly rather than
/// through SqliteCommand so blobs bind from spans and are read as spans over SQLite's own memory: an event's data
/// is copied once, into its destination, instead of through a byte[] per event. Failures surface as
/// <see cref="SqliteException"/>, exactly as Microsoft.Data.Sqlite reports its own.
/// </summary>
/// <remarks>Callers step, read, then <see cref="Reset"/> in a finally: a statement left mid-step holds a read snapshot.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    // SQLITE_PREPARE_PERSISTENT: the statement lives as long as its connection, so SQLite keeps it out of the lookaside pool.
    private const uint PreparePersistent = 0x01;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    public static SqliteStatement Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection must be open before statements are prepared.");
        var rc = raw.sqlite3_prepare_v3(db, sql, PreparePersistent, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        // SQLite prepares nothing (and says OK) for text without a statement in it.
        return new SqliteStatement(db, statement ?? throw new ArgumentException($"'{sql}' holds no SQL statement.", nameof(sql)));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void Bind(int index, ReadOnlySpan<byte> value)
        // An empty span would bind as NULL; a zero-length blob keeps "no data" distinct from "no value".
        => Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    public void Bind(int index, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        EventIds.Write(value, bytes);
        Bind(index, bytes);
    }

    /// <summary>Runs the statement to its next row; false when it is done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return false;
    }

    /// <summary>Runs a statement that returns no rows and resets it; the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            Step();
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    // sqlite3_reset repeats the error of the last step, which Step has already thrown; it is not a new failure.
    public void Reset() => raw.sqlite3_reset(_statement);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string GetString(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The blob in SQLite's memory: valid only until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetBlob(int column) => raw.sqlite3_column_blob(_statement, column);

    public Guid GetGuid(int column) => EventIds.Read(GetBlob(column));

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
