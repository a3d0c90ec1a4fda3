using System.Diagnostics;
using System.Globalization;
using EventBroker.Storage.Tests.Measurements;
using EventBroker.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EventBroker.Storage.Tests.Measurement;

/// <summary>
/// The baseline for <see cref="AppendThroughputMeasurement"/>: how many 1 KiB rows per second a plain
/// Microsoft.Data.Sqlite loop inserts on this machine with the store's file settings, one thread, one prepared
/// statement, no store around it. The ratio store / baseline is what the store's machinery (concurrent callers,
/// the request queue, group commit, idempotency checks, notifications) costs or saves against SQLite itself.
/// <para>
/// Two tables: the store's own <c>events</c> layout (two unique indexes, time-ordered event ids, 8 streams in turn),
/// which isolates the machinery, and a bare rowid table with one blob column, SQLite's ceiling for these bytes.
/// Transactions hold either the store's average group commit (<c>EVENTBROKER_MEASURE_GROUP</c>, default 60, what
/// the store measurement reports as events per commit with 64 appenders) or one row each.
/// </para>
/// </summary>
[Trait("Category", "Measurement")]
public sealed class RawSqliteBaselineMeasurement(ITestOutputHelper output)
{
    private const int RowSize = 1024;
    private const int Streams = 8;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(Setting("EVENTBROKER_MEASURE_SECONDS", 5));
    private static readonly int Rounds = Setting("EVENTBROKER_MEASURE_ROUNDS", 3);
    private static readonly int Group = Setting("EVENTBROKER_MEASURE_GROUP", 60);

    [MeasurementFact]
    public Task Store_layout_store_group_async_flush() => MeasureAsync(Layout.Store, Group, synchronousFull: false);

    [MeasurementFact]
    public Task Store_layout_one_row_per_transaction_async_flush() => MeasureAsync(Layout.Store, 1, synchronousFull: false);

    [MeasurementFact]
    public Task Store_layout_store_group_sync_flush() => MeasureAsync(Layout.Store, Group, synchronousFull: true);

    [MeasurementFact]
    public Task Store_layout_one_row_per_transaction_sync_flush() => MeasureAsync(Layout.Store, 1, synchronousFull: true);

    [MeasurementFact]
    public Task Bare_table_store_group_async_flush() => MeasureAsync(Layout.Bare, Group, synchronousFull: false);

    [MeasurementFact]
    public Task Bare_table_one_row_per_transaction_async_flush() => MeasureAsync(Layout.Bare, 1, synchronousFull: false);

    private enum Layout
    {
        Store,
        Bare,
    }

    private async Task MeasureAsync(Layout layout, int group, bool synchronousFull)
    {
        using var directory = new TempDirectory();
        using var connection = Open(directory.File("raw.db"), synchronousFull);
        var settings = Describe(connection);
        using var stop = new CancellationTokenSource();
        long inserted = 0;
        long commits = 0;

        // One thread of its own, as the store's writer has: the loop never awaits, so it must not hold a pool thread.
        var loop = Task.Factory.StartNew(() =>
        {
            using var insert = new Inserter(connection, layout);
            using var begin = Prepare(connection, "BEGIN IMMEDIATE");
            using var commit = Prepare(connection, "COMMIT");
            while (!stop.IsCancellationRequested)
            {
                begin.ExecuteNonQuery();
                for (var i = 0; i < group; i++)
                {
                    insert.Next();
                }
                commit.ExecuteNonQuery();
                // Counted per commit, as the store's appends complete per commit.
                Interlocked.Add(ref inserted, group);
                Interlocked.Increment(ref commits);
            }
        }, TaskCreationOptions.LongRunning);

        await Task.Delay(Warmup);
        var results = new List<(double PerSecond, double CpuMicros)>();
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < Rounds && !loop.IsCompleted; round++)
        {
            process.Refresh();
            var (count0, cpu0, clock) = (Interlocked.Read(ref inserted), process.TotalProcessorTime, Stopwatch.StartNew());
            await Task.Delay(Round);
            process.Refresh();
            var (count, cpu) = (Interlocked.Read(ref inserted) - count0, process.TotalProcessorTime - cpu0);
            results.Add((count / clock.Elapsed.TotalSeconds, cpu.TotalMicroseconds / Math.Max(count, 1)));
        }
        await stop.CancelAsync();
        await loop;

        // A loop that inserted nothing measured nothing: fail rather than print a zero as if it were a result.
        Assert.True(Interlocked.Read(ref commits) > 0, "the insert loop committed nothing");
        var best = results.MaxBy(r => r.PerSecond);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"raw SQLite, {(layout == Layout.Store ? "store layout (events + 2 unique indexes, UUIDv7 ids, 8 streams)" : "bare table (rowid + blob)")}, "
            + $"{(group == 1 ? "1 row" : $"{group} rows")} per transaction, {settings}: best {best.PerSecond:N0} inserts/s, "
            + $"median {results.Select(r => r.PerSecond).Order().ElementAt(results.Count / 2):N0} (rounds: {string.Join(", ", results.Select(r => r.PerSecond.ToString("N0", CultureInfo.InvariantCulture)))}); "
            + $"{best.CpuMicros:N1} us CPU per insert; 1 thread, {RowSize} B rows, {Environment.ProcessorCount} cores"));
    }

    /// <summary>
    /// A write connection with the settings <c>SqliteConnections.OpenWriter</c> gives the store's writer: 8 KiB pages,
    /// WAL, synchronous NORMAL (ASYNC_FLUSH) or FULL (SYNC_FLUSH), a 64 MiB page cache, auto-checkpoint every 8192
    /// pages. Copied rather than shared so the baseline stays plain SQLite; <see cref="Describe"/> reads them back.
    /// </summary>
    private static SqliteConnection Open(string path, bool synchronousFull)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            Cache = SqliteCacheMode.Private,
        }.ToString());
        connection.Open();
        Execute(connection, $"""
            PRAGMA page_size=8192;
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous={(synchronousFull ? "FULL" : "NORMAL")};
            PRAGMA cache_size=-65536;
            PRAGMA wal_autocheckpoint=8192;
            PRAGMA journal_size_limit=67108864;
            PRAGMA temp_store=MEMORY;
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
            CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            """);
        return connection;
    }

    private static string Describe(SqliteConnection connection)
    {
        string Read(string pragma)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma}";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }
        var synchronous = Read("synchronous") switch { "1" => "NORMAL", "2" => "FULL", var other => other };
        return $"page_size={Read("page_size")}, journal_mode={Read("journal_mode")}, synchronous={synchronous}, SQLite {connection.ServerVersion}";
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    /// <summary>One prepared INSERT, parameters bound once and only their values changed per row.</summary>
    private sealed class Inserter : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly Layout _layout;
        private readonly byte[] _data = new byte[RowSize];
        private readonly byte[] _eventId = new byte[16];
        private readonly long[] _revisions = new long[Streams];
        private readonly SqliteParameter[] _parameters;
        private long _position;

        public Inserter(SqliteConnection connection, Layout layout)
        {
            _layout = layout;
            Random.Shared.NextBytes(_data);
            _command = connection.CreateCommand();
            if (layout == Layout.Store)
            {
                // The store's statement, conflict clause included, so SQLite does the same work per row.
                _command.CommandText = """
                    INSERT INTO events (position, stream_id, revision, event_id, timestamp, data) VALUES ($p, $s, $r, $e, $t, $d)
                    ON CONFLICT (event_id, stream_id) DO NOTHING
                    """;
                _parameters = [.. new[] { "$p", "$s", "$r", "$e", "$t", "$d" }.Select(name => _command.Parameters.Add(new SqliteParameter(name, 0L)))];
                _parameters[3].Value = _eventId;
                _parameters[5].Value = _data;
            }
            else
            {
                _command.CommandText = "INSERT INTO blobs (data) VALUES ($d)";
                _parameters = [_command.Parameters.Add(new SqliteParameter("$d", _data))];
            }
            _command.Prepare();
        }

        public void Next()
        {
            if (_layout == Layout.Store)
            {
                var stream = (int)(_position % Streams);
                _position++;
                Guid.CreateVersion7().TryWriteBytes(_eventId, bigEndian: true, out _);
                _parameters[0].Value = _position;
                _parameters[1].Value = (long)(stream + 1);
                _parameters[2].Value = _revisions[stream]++;
                _parameters[4].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }
            if (_command.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("an insert stored nothing");
            }
        }

        public void Dispose() => _command.Dispose();
    }
}
