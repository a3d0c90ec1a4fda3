using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using EventBroker.Storage.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>
/// The other process of the cross-process tests: this test assembly, started with <c>dotnet exec</c> and
/// <see cref="Switch"/> set, opens a store on the file the parent names and appends to it (see <see cref="ChildJob"/>).
/// The test SDK gives the assembly an empty Main; a module initializer is the one hook that runs before it.
/// </summary>
/// <remarks>
/// It writes to stdout, one line each: <c>ready</c> once the store is open; <c>ack stream id revision position
/// duplicate</c> per acknowledged event; <c>count n</c> at the end; <c>error message</c> if it fails. It starts
/// appending when stdin gives it a line (<c>go</c>), and an unbounded job stops when stdin closes.
/// </remarks>
internal static class SharedStoreChild
{
    public const string Switch = "EVENTBROKER_SHARED_STORE_CHILD";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly doubles as the child process's program; the switch keeps it inert in the test host.")]
    internal static void StartWhenRunAsChild()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            return;
        }
        // On a foreground thread of its own rather than in the initializer: the process lives until it ends, and
        // nothing else in the assembly waits for the initializer to return.
        new Thread(() => Environment.Exit(Run(ChildJob.Parse(Environment.GetCommandLineArgs().Skip(1))))) { IsBackground = false }.Start();
    }

    private static int Run(ChildJob job)
    {
        try
        {
            RunAsync(job).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception ex)
        {
            Console.Out.WriteLine($"error {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static async Task RunAsync(ChildJob job)
    {
        await using var store = await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = job.Path, Shared = job.Shared });
        Console.Out.WriteLine("ready");
        if (job.Appenders == 0 || await Console.In.ReadLineAsync() is null)
        {
            // Only holds the file open (or the parent is gone): until stdin closes.
            await Console.In.ReadToEndAsync();
            return;
        }
        using var stop = new CancellationTokenSource();
        var stdinClosed = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            await stop.CancelAsync();
        });
        var data = new byte[job.EventBytes];
        var counts = await Task.WhenAll(Enumerable.Range(0, job.Appenders).Select(appender => Task.Run(async () =>
        {
            var appended = 0L;
            for (var i = 0; (job.AppendsEach == 0 || i < job.AppendsEach) && !stop.IsCancellationRequested; i++)
            {
                var stream = $"{job.StreamPrefix}{(appender + i) % job.Streams}";
                var events = Enumerable.Range(0, job.EventsPerAppend)
                    .Select(_ => new EventToAppend(Guid.CreateVersion7(), data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
                    .ToArray();
                var result = await store.AppendAsync(stream, events);
                appended += events.Length;
                if (job.ReportAcks)
                {
                    Report(stream, events, result);
                }
            }
            return appended;
        })));
        Console.Out.WriteLine($"count {counts.Sum()}");
    }

    private static void Report(string stream, EventToAppend[] events, AppendResult result)
    {
        // One write per append, so a kill cuts at most the last line short.
        var lines = string.Concat(events.Select((e, i) =>
            $"ack {stream} {e.EventId:N} {result.Events[i].Revision} {result.Events[i].Position} {(result.Events[i].WasDuplicate ? 1 : 0)}\n"));
        Console.Out.Write(lines);
    }
}

/// <summary>What the child process does, passed as <c>key=value</c> arguments.</summary>
internal sealed record ChildJob
{
    public required string Path { get; init; }

    public bool Shared { get; init; } = true;

    /// <summary>Concurrent appenders; 0 only holds the store open.</summary>
    public int Appenders { get; init; }

    /// <summary>Appends per appender; 0 appends until stdin closes (or the process is killed).</summary>
    public int AppendsEach { get; init; }

    public int EventsPerAppend { get; init; } = 1;

    public int EventBytes { get; init; } = 64;

    public int Streams { get; init; } = 1;

    public string StreamPrefix { get; init; } = "s";

    public bool ReportAcks { get; init; } = true;

    public IEnumerable<string> ToArguments() =>
    [
        $"path={Path}", $"shared={Shared}", $"appenders={Appenders}", $"appends={AppendsEach}", $"events={EventsPerAppend}",
        $"bytes={EventBytes}", $"streams={Streams}", $"prefix={StreamPrefix}", $"acks={ReportAcks}",
    ];

    public static ChildJob Parse(IEnumerable<string> arguments)
    {
        var values = arguments.Select(a => a.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        return new ChildJob
        {
            Path = values["path"],
            Shared = bool.Parse(values["shared"]),
            Appenders = int.Parse(values["appenders"]),
            AppendsEach = int.Parse(values["appends"]),
            EventsPerAppend = int.Parse(values["events"]),
            EventBytes = int.Parse(values["bytes"]),
            Streams = int.Parse(values["streams"]),
            StreamPrefix = values["prefix"],
            ReportAcks = bool.Parse(values["acks"]),
        };
    }
}
