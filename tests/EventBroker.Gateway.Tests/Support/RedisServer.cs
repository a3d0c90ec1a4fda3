using System.Diagnostics;
using System.Net.Sockets;

namespace EventBroker.Gateway.Tests.Support;

/// <summary>A real redis-server on a free loopback port, without persistence, killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private System.Diagnostics.Process _process;
    private readonly string _directory;

    private RedisServer(System.Diagnostics.Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var port = TestGateway.FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "eb-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var server = new RedisServer(await LaunchAsync(port, dir), port, dir);
        return server;
    }

    /// <summary>Kills the server (a crash: nothing is saved).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    /// <summary>Starts a new, empty server on the same port (a restart without persistence).</summary>
    public async Task RestartAsync() => _process = await LaunchAsync(Port, _directory);

    /// <summary>Sends one command and returns the first line of the reply.</summary>
    public async Task<string> CommandAsync(params string[] args) => (await ReplyLinesAsync(args))[0];

    /// <summary>HGET: the field's value, or null when the key or field does not exist.</summary>
    public async Task<string?> HashGetAsync(string key, string field)
    {
        var lines = await ReplyLinesAsync("HGET", key, field);
        return lines[0] == "$-1" ? null : lines[1];
    }

    // One command, one read: enough for the short replies tests ask for.
    private async Task<string[]> ReplyLinesAsync(params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        var sb = new System.Text.StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args)
        {
            sb.Append('$').Append(System.Text.Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        }
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(sb.ToString()));
        var buffer = new byte[4096];
        var n = await stream.ReadAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n).Split("\r\n");
    }

    private static async Task<System.Diagnostics.Process> LaunchAsync(int port, string dir)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run ./test.sh (it installs it from apt) or `apt-get install redis-server`.");
        var process = System.Diagnostics.Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
