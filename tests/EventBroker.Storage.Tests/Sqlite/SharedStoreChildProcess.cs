using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>The parent's handle on a <see cref="SharedStoreChild"/> process: starts it, tells it to go, gathers what it acknowledged, stops or kills it.</summary>
internal sealed class SharedStoreChildProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<Acknowledged> _acks = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private long _count = -1;

    private SharedStoreChildProcess(Process process) => _process = process;

    /// <summary>Events the child has been told are stored, in the order it was told.</summary>
    public IReadOnlyCollection<Acknowledged> Acknowledged => _acks;

    public int AcknowledgedCount => _acks.Count;

    /// <summary>The child's own count of appended events, once it has finished normally.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Starts the child and waits until its store is open.</summary>
    public static async Task<SharedStoreChildProcess> StartAsync(ChildJob job)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(SharedStoreChild).Assembly.Location);
        foreach (var argument in job.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[SharedStoreChild.Switch] = "1";
        var child = new SharedStoreChildProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        child._process.OutputDataReceived += (_, e) => child.Read(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.ReadError(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        var exited = child._process.WaitForExitAsync();
        var first = await Task.WhenAny(child._ready.Task, exited, Task.Delay(StartTimeout));
        if (first != child._ready.Task)
        {
            var why = first == exited ? $"exited with {child._process.ExitCode}" : $"was not ready within {StartTimeout.TotalSeconds} s";
            child.Dispose();
            throw new InvalidOperationException($"the child store process {why}: {string.Join(" | ", child._errors)}");
        }
        return child;
    }

    /// <summary>Lets the child start appending.</summary>
    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the child has acknowledged at least <paramref name="events"/> events.</summary>
    public async Task WaitForAcknowledgedAsync(int events)
    {
        var deadline = Stopwatch.StartNew();
        while (AcknowledgedCount < events)
        {
            Assert.False(_process.HasExited, $"the child exited after acknowledging {AcknowledgedCount} events: {string.Join(" | ", _errors)}");
            Assert.True(deadline.Elapsed < StartTimeout, $"the child acknowledged only {AcknowledgedCount} of {events} events in {StartTimeout.TotalSeconds} s");
            await Task.Delay(5);
        }
    }

    /// <summary>Closes its stdin, which ends an unbounded job, and waits for it to exit; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        _process.StandardInput.Close();
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_errors.IsEmpty, $"the child reported: {string.Join(" | ", _errors)}");
        return _process.ExitCode;
    }

    /// <summary>kill -9: SIGKILL on Unix, so nothing in the child gets to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Read(string? line)
    {
        var parts = line?.Split(' ');
        switch (parts)
        {
            case ["ready"]:
                _ready.TrySetResult();
                break;
            case ["ack", var stream, var id, var revision, var position, var duplicate]:
                // A line cut short by a kill does not parse and does not count: its append was never acknowledged.
                if (Guid.TryParseExact(id, "N", out var eventId) && long.TryParse(revision, CultureInfo.InvariantCulture, out var r)
                    && long.TryParse(position, CultureInfo.InvariantCulture, out var p) && duplicate is "0" or "1")
                {
                    _acks.Enqueue(new Acknowledged(stream, eventId, r, p, duplicate == "1"));
                }
                break;
            case ["count", var count]:
                Interlocked.Exchange(ref _count, long.Parse(count, CultureInfo.InvariantCulture));
                break;
            case ["error", ..]:
                _errors.Enqueue(line!);
                break;
        }
    }

    private void ReadError(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            _errors.Enqueue(line);
        }
    }

    // The test host runs under the dotnet muxer; outside it (an IDE's own runner) fall back to the one on PATH.
    private static string DotnetHost()
        => Environment.ProcessPath is { } host && System.IO.Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
