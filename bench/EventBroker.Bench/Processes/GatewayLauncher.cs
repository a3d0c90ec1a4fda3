using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventBroker.Bench.Processes;

/// <summary>
/// Starts the gateway DLL on free ports with a throw-away SQLite directory, waits for /health, and kills it
/// (and deletes the directory) when disposed. Its output goes to gateway.log in that directory, which is
/// kept and named when the gateway fails to come up.
/// </summary>
public sealed class GatewayLauncher : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly bool _keepData;

    private GatewayLauncher(Process process, StreamWriter log, string dataDirectory, int nameServerPort, int httpPort, bool keepData)
    {
        _process = process;
        _log = log;
        DataDirectory = dataDirectory;
        NameServerPort = nameServerPort;
        HttpPort = httpPort;
        _keepData = keepData;
    }

    public int Pid => _process.Id;
    public string DataDirectory { get; }
    public int NameServerPort { get; }
    public int HttpPort { get; }
    public string NameServerAddress => $"127.0.0.1:{NameServerPort}";

    public static async Task<GatewayLauncher> StartAsync(string dll, bool keepData, CancellationToken cancellation)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"gateway not built: {dll} (dotnet build -c Release src/Gateway)", dll);
        }
        var ports = FreePorts(3);
        var data = Directory.CreateTempSubdirectory("eventbroker-bench-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the data directory: ASP.NET watches its content root (the working directory) recursively for
            // appsettings changes, and every WAL write there would wake that watcher (measured: ~0.15 cores).
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        foreach (var argument in new[]
        {
            dll,
            $"--Broker:NameServerPort={ports[0]}",
            $"--Broker:ListenPort={ports[1]}",
            $"--Broker:HttpPort={ports[2]}",
            $"--Broker:Store=sqlite:{Path.Combine(data, "eventbroker.db")}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(Path.Combine(data, "gateway.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var launcher = new GatewayLauncher(process, log, data, ports[0], ports[2], keepData);
        try
        {
            await launcher.WaitHealthyAsync(cancellation).ConfigureAwait(false);
            return launcher;
        }
        catch
        {
            await launcher.StopAsync(keepDirectory: true).ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(StartupTimeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with code {_process.ExitCode} during startup; see {DataDirectory}/gateway.log");
            }
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health"), cancellation).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                last = "health request timed out";
            }
            await Task.Delay(250, cancellation).ConfigureAwait(false);
        }
        throw new TimeoutException($"gateway /health not healthy within {StartupTimeout.TotalSeconds:F0} s ({last}); see {DataDirectory}/gateway.log");
    }

    /// <summary>Ports the OS hands out now; they are released before the gateway binds them, a race that is harmless on a quiet machine.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            // Lines racing the shutdown are dropped rather than thrown from an event handler.
            if (log.BaseStream is { CanWrite: true })
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task StopAsync(bool keepDirectory)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
        if (!keepDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_keepData));
}
