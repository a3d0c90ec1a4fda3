using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>
/// A real redis-server process on a free loopback port, with its own temp directory and no persistence
/// (<c>--save "" --appendonly no</c>). It can be killed and started again on the same port, as an outage would.
/// Missing redis-server fails the test with instructions rather than skipping it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;

    private RedisServer(int port, string[] arguments)
    {
        Port = port;
        _arguments = arguments;
        System.IO.Directory.CreateDirectory(Directory);
    }

    public int Port { get; }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "eventbroker-redis-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>True when the server speaks only TLS: started with a bare "--tls-port", which becomes its port.</summary>
    public bool Tls => _arguments.Contains("--tls-port");

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
                return _output.ToString();
        }
    }

    /// <summary>Starts a server; <paramref name="arguments"/> are extra redis-server options such as "--requirepass", "secret".</summary>
    public static Task<RedisServer> StartAsync(params string[] arguments) => StartOnAsync(FreePort(), arguments);

    public static async Task<RedisServer> StartOnAsync(int port, params string[] arguments)
    {
        var server = new RedisServer(port, arguments);
        await server.RestartAsync();
        return server;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Executable => FindOnPath("redis-server") ?? throw new InvalidOperationException(
        "redis-server is not installed, and the Redis tests need a real server. Install it with " +
        "'apt-get install redis-server' (test.sh does this on a fresh machine) and run the tests again.");

    /// <summary>Starts the process (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task RestartAsync(params string[] extraArguments)
    {
        if (IsRunning)
            throw new InvalidOperationException($"redis-server on port {Port} is already running");
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in BaseArguments().Concat(_arguments.Where(a => a != "--tls-port")).Concat(extraArguments))
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync();
    }

    /// <summary>SIGKILL: the server vanishes mid-conversation, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the server keeps its connections but answers nothing, as a hung or partitioned server does.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
            await ResumeAsync();
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being written by a dying process; the temp folder is cleaned by the system.
        }
    }

    private IEnumerable<string> BaseArguments()
    {
        // A Sentinel reads its port from its config file, which it must be able to rewrite: it comes first.
        if (_arguments.Contains("--sentinel"))
            return [];
        string[] ports = Tls ? ["--port", "0", "--tls-port", Port.ToString()] : ["--port", Port.ToString()];
        return [.. ports, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Directory, "--daemonize", "no"];
    }

    private async Task SignalAsync(string signal)
    {
        if (_process is not { HasExited: false } process)
            return;
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputGate)
            _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"redis-server on port {Port} exited at start:\n{Output}");
            if (await AnswersPingAsync())
                return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"redis-server on port {Port} did not answer within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    // A raw PING, independent of the client under test. NOAUTH also proves the server is up.
    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            Stream stream = client.GetStream();
            if (Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("localhost");
                stream = tls;
            }
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
