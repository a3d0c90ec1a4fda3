using System.Diagnostics;
using EventBroker.Storage.Sqlite;
using EventBroker.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EventBroker.Storage.Tests.Measurements;

/// <summary>
/// Appends per second into the SQLite store from 64 concurrent appenders, each appending one 1 KiB event at a
/// time to one of 8 streams (a topic with 8 queues), as producers sending single messages would. Event ids are
/// either time-ordered (UUIDv7) or random, the best and worst case for the idempotency index.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class AppendThroughputMeasurement(ITestOutputHelper output)
{
    private const int Appenders = 64;
    private const int Streams = 8;
    private const int EventSize = 1024;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("EVENTBROKER_MEASURE_SECONDS"), out var seconds) ? seconds : 10);

    [MeasurementFact]
    public Task Time_ordered_ids_async_flush() => MeasureAsync(FlushMode.Async, Guid.CreateVersion7);

    [MeasurementFact]
    public Task Random_ids_async_flush() => MeasureAsync(FlushMode.Async, Guid.NewGuid);

    [MeasurementFact]
    public Task Time_ordered_ids_sync_flush() => MeasureAsync(FlushMode.Sync, Guid.CreateVersion7);

    private async Task MeasureAsync(FlushMode flush, Func<Guid> newId)
    {
        using var directory = new TempDirectory();
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = directory.File("measure.db"), Flush = flush });
        var data = new byte[EventSize];
        Random.Shared.NextBytes(data);
        long appended = 0;
        var measuring = false;
        var stopAt = DateTime.UtcNow + Warmup + Duration;

        var process = Process.GetCurrentProcess();
        var cpuBefore = TimeSpan.Zero;
        var commitsBefore = 0L;
        var clock = new Stopwatch();
        var warmupDone = Task.Delay(Warmup).ContinueWith(_ =>
        {
            process.Refresh();
            cpuBefore = process.TotalProcessorTime;
            commitsBefore = store.CommitCount;
            Interlocked.Exchange(ref appended, 0);
            Volatile.Write(ref measuring, true);
            clock.Start();
        }, TaskScheduler.Default);

        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(appender => Task.Run(async () =>
        {
            var stream = $"topic-q{appender % Streams}";
            var events = new EventToAppend[1];
            while (DateTime.UtcNow < stopAt)
            {
                events[0] = new EventToAppend(newId(), data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await store.AppendAsync(stream, events);
                Interlocked.Increment(ref appended);
            }
        })));
        await warmupDone;
        clock.Stop();
        process.Refresh();

        var count = Interlocked.Read(ref appended);
        var perSecond = count / clock.Elapsed.TotalSeconds;
        var commits = store.CommitCount - commitsBefore;
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
        output.WriteLine(
            $"{flush} flush, {(newId == Guid.NewGuid ? "random" : "time-ordered")} ids: {perSecond:N0} appends/s "
            + $"({count:N0} in {clock.Elapsed.TotalSeconds:N1} s; {count / (double)Math.Max(commits, 1):N1} events per commit; "
            + $"{cpu:N2} of {Environment.ProcessorCount} cores busy; {Appenders} appenders x 1 event of {EventSize} B to {Streams} streams)");
    }
}
