using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using EventBroker.Gateway.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace EventBroker.Gateway.Tests.Process;

/// <summary>
/// The real gateway as a child process (<c>dotnet EventBroker.Gateway.dll</c>) on fixed ports and one data directory,
/// so a test can kill it the way an operator's <c>kill -9</c> or the OOM killer does, and start it again on the same
/// files. Unlike <see cref="TestGateway"/>, nothing of it shares this process: a kill loses exactly what a real crash
/// loses.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    // The last lines the child wrote, for failure messages; its log level is Warning, so these are the interesting ones.
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string[] _extraArgs;
    private OsProcess? _process;

    private GatewayProcess(string dataDirectory, int nameServerPort, int listenPort, int httpPort, string[] extraArgs)
    {
        DataDirectory = dataDirectory;
        NameServerPort = nameServerPort;
        ListenPort = listenPort;
        HttpPort = httpPort;
        _extraArgs = extraArgs;
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "eventbroker.db");

    public int NameServerPort { get; }

    public int ListenPort { get; }

    public int HttpPort { get; }

    /// <summary>Starts a gateway on free ports in a new temp directory and waits until /health answers 200.</summary>
    public static async Task<GatewayProcess> StartAsync(params string[] extraArgs)
    {
        var dll = LocateGatewayDll();
        for (var attempt = 0; ; attempt++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "eb-proc-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var gateway = new GatewayProcess(dir, TestGateway.FreePort(), TestGateway.FreePort(), TestGateway.FreePort(), extraArgs);
            try
            {
                await gateway.StartAsync(dll).ConfigureAwait(false);
                return gateway;
            }
            catch (GatewayExitedException) when (attempt < 3)
            {
                // Most likely another test took one of the probed ports before the child bound it: try other ports.
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the gateway again on the same ports and data directory.</summary>
    public Task RestartAsync() => _process is null
        ? StartAsync(LocateGatewayDll())
        : throw new InvalidOperationException("the gateway process is still running");

    public Task<RemotingTestClient> ConnectBrokerAsync() => RemotingTestClient.ConnectAsync("127.0.0.1", ListenPort);

    /// <summary>SIGKILL: no shutdown hook, no flush, no checkpoint runs. Returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the gateway process is not running");
        _process = null;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>SIGTERM, as systemd or docker stop sends it: the gateway closes its store, then exits. Returns the exit code.</summary>
    public async Task<int> StopGracefullyAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the gateway process is not running");
        _process = null;
        try
        {
            if (Kill(process.Id, SigTerm) != 0)
            {
                throw new InvalidOperationException($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
            }
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the gateway did not exit within {StopTimeout.TotalSeconds:0} s of SIGTERM.{Output()}");
            }
            return process.ExitCode;
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>The child's last output lines, for assertion messages.</summary>
    public string Output() => _output.IsEmpty ? "" : "\ngateway output:\n" + string.Join('\n', _output);

    /// <summary>Kills the gateway if it still runs and deletes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The gateway the solution build produced for the configuration this test assembly was built in. The test
    /// project references the gateway, so building it (or the solution) builds this file.
    /// </summary>
    public static string LocateGatewayDll()
    {
        var configuration = typeof(GatewayProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventBroker.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException($"cannot find the repository (no EventBroker.sln above {AppContext.BaseDirectory}), so not the gateway to start either.");
        }
        var dll = Path.Combine(root.FullName, "src", "Gateway", "bin", configuration, "net10.0", "EventBroker.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"the gateway is not built: {dll} is missing. Build it in the tests' configuration first: dotnet build -c {configuration} EventBroker.sln");
        }
        return dll;
    }

    private async Task StartAsync(string dll)
    {
        // The dotnet CLI tells the processes it starts (the test host here) where its host is; outside it, use PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = DataDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])
            [
                dll,
                $"--Broker:NameServerPort={NameServerPort}",
                $"--Broker:ListenPort={ListenPort}",
                $"--Broker:HttpPort={HttpPort}",
                $"--Broker:Store=sqlite:{DatabasePath}",
                "--Logging:LogLevel:Default=Warning",
                .. _extraArgs,
            ])
        {
            start.ArgumentList.Add(arg);
        }
        _output.Clear();
        var process = new OsProcess { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(process).ConfigureAwait(false);
    }

    private async Task WaitHealthyAsync(OsProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                _process = null;
                var code = process.ExitCode;
                // The exit is seen before the last output lines are delivered; wait for them.
                await process.WaitForExitAsync().ConfigureAwait(false);
                process.Dispose();
                throw new GatewayExitedException($"the gateway exited with code {code} before /health answered.{Output()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"the gateway's /health did not answer 200 within {StartTimeout.TotalSeconds:0} s.{Output()}");
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 100)
        {
            _output.TryDequeue(out _);
        }
    }

    // SIGTERM is what a process manager sends; .NET can send only SIGKILL, so this goes to libc.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed class GatewayExitedException(string message) : Exception(message);
}
