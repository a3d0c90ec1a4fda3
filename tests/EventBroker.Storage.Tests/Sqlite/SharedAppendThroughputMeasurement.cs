using System.Diagnostics;
using EventBroker.Storage.Tests.Measurements;
using EventBroker.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>
/// Appends per second into one SQLite file in shared mode from two processes, each with 32 concurrent appenders of
/// one 1 KiB event with a time-ordered id to one of 8 streams: the exclusive <see cref="AppendThroughputMeasurement"/>'s
/// load, split across two gateways on one host. The rate counts both processes' appends, read from the file's
/// positions; the share is this process's.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class SharedAppendThroughputMeasurement(ITestOutputHelper output)
{
    private const int AppendersPerProcess = 32;
    private const int Streams = 8;
    private const int EventSize = 1024;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(Setting("EVENTBROKER_MEASURE_SECONDS", 5));
    private static readonly int Rounds = Setting("EVENTBROKER_MEASURE_ROUNDS", 3);

    [MeasurementFact]
    public async Task Two_processes_time_ordered_ids_async_flush()
    {
        using var directory = new TempDirectory();
        var path = directory.File("measure.db");
        await using var store = await SharedTestStore.OpenAsync(path);
        using var child = await SharedStoreChildProcess.StartAsync(new ChildJob
        {
            Path = path,
            Appenders = AppendersPerProcess,
            AppendsEach = 0,
            EventBytes = EventSize,
            Streams = Streams,
            StreamPrefix = "topic-q",
            ReportAcks = false,
        });
        var data = new byte[EventSize];
        Random.Shared.NextBytes(data);
        long appended = 0;
        using var stop = new CancellationTokenSource();

        await child.GoAsync();
        var appenders = Enumerable.Range(0, AppendersPerProcess).Select(appender => Task.Run(async () =>
        {
            var stream = $"topic-q{appender % Streams}";
            var events = new EventToAppend[1];
            while (!stop.IsCancellationRequested)
            {
                events[0] = new EventToAppend(Guid.CreateVersion7(), data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await store.AppendAsync(stream, events);
                Interlocked.Increment(ref appended);
            }
        })).ToList();

        await Task.Delay(Warmup);
        var results = new List<(double PerSecond, double Share)>();
        for (var round = 0; round < Rounds; round++)
        {
            var (total0, mine0, clock) = (NextPosition(path), Interlocked.Read(ref appended), Stopwatch.StartNew());
            await Task.Delay(Round);
            var (total, mine) = (NextPosition(path) - total0, Interlocked.Read(ref appended) - mine0);
            results.Add((total / clock.Elapsed.TotalSeconds, mine / (double)Math.Max(total, 1)));
        }
        await stop.CancelAsync();
        await Task.WhenAll(appenders);
        Assert.Equal(0, await child.StopAsync());

        var best = results.MaxBy(r => r.PerSecond);
        output.WriteLine(
            $"Shared mode, async flush, time-ordered ids, 2 processes: best {best.PerSecond:N0} appends/s, median {results.Select(r => r.PerSecond).Order().ElementAt(results.Count / 2):N0} "
            + $"(rounds: {string.Join(", ", results.Select(r => $"{r.PerSecond:N0} ({r.Share:P0} here)"))}); "
            + $"2 x {AppendersPerProcess} appenders x 1 event of {EventSize} B to {Streams} streams, {Environment.ProcessorCount} cores");
    }

    // Positions are given out one past the highest, so the highest position counts every append of both processes.
    private static long NextPosition(string path) => SqliteTestStore.Count(path, "SELECT coalesce(max(position), 0) FROM events");

    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
