using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>What an operator sees when the disk fills up or the files turn read-only, and that the store recovers.</summary>
public sealed class SqliteFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Append_on_a_full_disk_fails_whole_and_succeeds_once_space_is_freed()
    {
        var path = _directory.File("full.db");
        var diskFull = true;
        var logger = new ListLogger<SqliteStreamStore>();
        // max_page_count makes SQLite report SQLITE_FULL exactly as a full disk does; ~120 KiB of room per connection.
        await using var store = await SqliteStreamStore.OpenAsync(
            new SqliteStreamStoreOptions
            {
                Path = path,
                OnWriteConnectionOpened = connection =>
                {
                    if (Volatile.Read(ref diskFull))
                    {
                        var pages = Convert.ToInt64(SqliteConnections.Scalar(connection, "PRAGMA page_count"));
                        SqliteConnections.Execute(connection, $"PRAGMA max_page_count = {pages + 30}");
                    }
                },
            },
            logger);
        var stream = "full";
        var before = await store.AppendAsync(stream, SqliteTestStore.Events(3));
        var tooBig = SqliteTestStore.Events(64, size: 4096);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.AppendAsync(stream, tooBig));
        var again = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.AppendAsync(stream, tooBig));

        Assert.Equal($"the SQLite store at {path} cannot write: the disk is full (SQLITE_FULL). Free space, then retry; nothing was stored.", ex.Message);
        Assert.IsType<SqliteException>(ex.InnerException);
        Assert.Equal(ex.Message, again.Message);
        Assert.Contains(logger.Entries, e => e.EventId.Id == 3102);
        Assert.Equal(new StreamBounds(0, 3), await store.GetBoundsAsync(stream));
        using (var batch = await store.ReadForwardAsync(stream, 0, 100))
        {
            Assert.Equal(3, batch.Count);
        }
        Assert.Null(await store.ReadByPositionAsync(before.Events[2].Position + 1));

        Volatile.Write(ref diskFull, false);
        var after = await store.AppendAsync(stream, tooBig);

        Assert.Equal(3, after.Events[0].Revision);
        Assert.Equal(67, after.NextRevision);
        Assert.True(after.Events[0].Position > before.Events[2].Position);
        Assert.Contains(logger.Entries, e => e.EventId.Id == 3103);
    }

    [ReadOnlyFilesFact]
    public async Task Read_only_database_file_refuses_appends_serves_reads_and_recovers_once_writable()
    {
        var path = _directory.File("readonly.db");
        await using (var writable = await SqliteTestStore.OpenAsync(path))
        {
            await writable.AppendAsync("s", new[] { SqliteTestStore.Event("a"), SqliteTestStore.Event("b") });
        }
        ReadOnlyFiles.MakeReadOnly(path);
        try
        {
            await using var store = await SqliteTestStore.OpenAsync(path);

            var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.AppendAsync("s", new[] { SqliteTestStore.Event("c") }));

            Assert.StartsWith($"the SQLite store at {path} cannot write: the database file is read-only (SQLITE_READONLY).", ex.Message);
            Assert.EndsWith("then retry; nothing was stored.", ex.Message);
            Assert.Equal(new StreamBounds(0, 2), await store.GetBoundsAsync("s"));
            using (var batch = await store.ReadForwardAsync("s", 0, 10))
            {
                Assert.Equal(2, batch.Count);
            }
            Assert.True(await store.PingAsync());

            ReadOnlyFiles.MakeWritable(path);
            var after = await store.AppendAsync("s", new[] { SqliteTestStore.Event("c") });
            Assert.Equal(2, after.Events[0].Revision);
        }
        finally
        {
            ReadOnlyFiles.MakeWritable(path);
        }
    }

    [ReadOnlyFilesFact]
    public async Task Read_only_directory_refuses_a_new_store_with_an_operator_message()
    {
        var readOnly = Path.Combine(_directory.Path, "readonly");
        Directory.CreateDirectory(readOnly);
        ReadOnlyFiles.MakeReadOnly(readOnly);
        try
        {
            var inIt = Path.Combine(readOnly, "store.db");
            var below = Path.Combine(readOnly, "missing", "store.db");

            var cannotCreateFile = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteTestStore.OpenAsync(inIt));
            var cannotCreateDirectory = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteTestStore.OpenAsync(below));

            Assert.StartsWith($"the SQLite store at {inIt} cannot be opened: the database file cannot be opened or created (SQLITE_CANTOPEN).", cannotCreateFile.Message);
            Assert.StartsWith($"the SQLite store at {below} cannot be opened: its directory {Path.GetDirectoryName(below)} cannot be created", cannotCreateDirectory.Message);
        }
        finally
        {
            ReadOnlyFiles.MakeWritable(readOnly);
        }
    }

    [ReadOnlyFilesFact]
    public async Task Read_only_directory_holding_a_closed_store_is_reported_at_open()
    {
        var directory = Path.Combine(_directory.Path, "closed");
        var path = Path.Combine(directory, "store.db");
        await using (var store = await SqliteTestStore.OpenAsync(path))
        {
            await store.AppendAsync("s", new[] { SqliteTestStore.Event("a") });
        }
        ReadOnlyFiles.MakeReadOnly(directory);
        try
        {
            // SQLite must create the -wal and -shm files beside a WAL database before it can even read it.
            var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteTestStore.OpenAsync(path));

            Assert.Contains("(SQLITE_CANTOPEN)", ex.Message);
            Assert.Contains("-wal and -shm", ex.Message);
        }
        finally
        {
            ReadOnlyFiles.MakeWritable(directory);
        }
    }

    [ReadOnlyFilesFact]
    public async Task Read_only_directory_under_a_running_store_does_not_stop_it()
    {
        var directory = Path.Combine(_directory.Path, "running");
        await using var store = await SqliteTestStore.OpenAsync(Path.Combine(directory, "store.db"));
        await store.AppendAsync("s", new[] { SqliteTestStore.Event("a") });
        ReadOnlyFiles.MakeReadOnly(directory);
        try
        {
            var after = await store.AppendAsync("s", new[] { SqliteTestStore.Event("b") });
            using var batch = await store.ReadForwardAsync("s", 0, 10);

            Assert.Equal(1, after.Events[0].Revision);
            Assert.Equal(2, batch.Count);
        }
        finally
        {
            ReadOnlyFiles.MakeWritable(directory);
        }
    }
}
