using System.Diagnostics;
using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EventBroker.Storage.Tests.Measurements;

/// <summary>
/// Appends per second into the SQLite store from 64 concurrent appenders, each appending one 1 KiB event at a
/// time to one of 8 streams (a topic with 8 queues), as producers sending single messages would. Event ids are
/// either time-ordered (UUIDv7) or random, the best and worst case for the idempotency index. Several rounds run
/// on one store; on a shared machine the best round is the one least disturbed by others, and the CPU time per
/// append is the steadier figure.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class AppendThroughputMeasurement(ITestOutputHelper output)
{
    private const int Appenders = 64;
    private const int Streams = 8;
    private const int EventSize = 1024;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(Setting("EVENTBROKER_MEASURE_SECONDS", 5));
    private static readonly int Rounds = Setting("EVENTBROKER_MEASURE_ROUNDS", 3);

    [MeasurementFact]
    public Task Time_ordered_ids_async_flush() => MeasureAsync(FlushMode.Async, "time-ordered", Guid.CreateVersion7);

    [MeasurementFact]
    public Task Random_ids_async_flush() => MeasureAsync(FlushMode.Async, "random", Guid.NewGuid);

    [MeasurementFact]
    public Task Time_ordered_ids_sync_flush() => MeasureAsync(FlushMode.Sync, "time-ordered", Guid.CreateVersion7);

    private async Task MeasureAsync(FlushMode flush, string ids, Func<Guid> newId)
    {
        using var directory = new TempDirectory();
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = directory.File("measure.db"), Flush = flush });
        var data = new byte[EventSize];
        Random.Shared.NextBytes(data);
        long appended = 0;
        using var stop = new CancellationTokenSource();

        var appenders = Enumerable.Range(0, Appenders).Select(appender => Task.Run(async () =>
        {
            var stream = $"topic-q{appender % Streams}";
            var events = new EventToAppend[1];
            while (!stop.IsCancellationRequested)
            {
                events[0] = new EventToAppend(newId(), data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await store.AppendAsync(stream, events);
                Interlocked.Increment(ref appended);
            }
        })).ToList();

        await Task.Delay(Warmup);
        var results = new List<(double PerSecond, double CpuMicros, double PerCommit)>();
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < Rounds; round++)
        {
            process.Refresh();
            var (count0, cpu0, commits0, clock) = (Interlocked.Read(ref appended), process.TotalProcessorTime, store.CommitCount, Stopwatch.StartNew());
            await Task.Delay(Round);
            process.Refresh();
            var (count, cpu, commits) = (Interlocked.Read(ref appended) - count0, process.TotalProcessorTime - cpu0, store.CommitCount - commits0);
            results.Add((count / clock.Elapsed.TotalSeconds, cpu.TotalMicroseconds / count, count / (double)Math.Max(commits, 1)));
        }
        await stop.CancelAsync();
        await Task.WhenAll(appenders);

        var best = results.MaxBy(r => r.PerSecond);
        output.WriteLine(
            $"{flush} flush, {ids} ids: best {best.PerSecond:N0} appends/s, median {results.Select(r => r.PerSecond).Order().ElementAt(results.Count / 2):N0} "
            + $"(rounds: {string.Join(", ", results.Select(r => $"{r.PerSecond:N0}"))}); {best.CpuMicros:N1} us CPU per append, {best.PerCommit:N1} events per commit; "
            + $"{Appenders} appenders x 1 event of {EventSize} B to {Streams} streams, {Environment.ProcessorCount} cores");
    }

    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
