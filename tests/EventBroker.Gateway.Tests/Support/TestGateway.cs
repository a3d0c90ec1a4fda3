using System.Net;
using System.Net.Sockets;
using EventBroker.Gateway.Hosting;
using EventBroker.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.Gateway.Tests.Support;

/// <summary>A real gateway on free loopback ports with its own data directory, started in this process.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private WebApplication? _app;

    private TestGateway(string dataDirectory, int nameServerPort, int listenPort, int httpPort, string[] extraArgs)
    {
        DataDirectory = dataDirectory;
        NameServerPort = nameServerPort;
        ListenPort = listenPort;
        HttpPort = httpPort;
        ExtraArgs = extraArgs;
    }

    public string DataDirectory { get; }
    public int NameServerPort { get; }
    public int ListenPort { get; }
    public int HttpPort { get; }
    public string[] ExtraArgs { get; }

    /// <summary>False for a cluster member whose directory is shared: whoever created it removes it.</summary>
    public bool OwnsDirectory { get; private init; } = true;

    public static Task<TestGateway> StartAsync(params string[] extraArgs) => StartInAsync(null, extraArgs);

    /// <summary>Starts a gateway whose data directory is <paramref name="dataDirectory"/> (shared by a cluster's gateways) or a new one.</summary>
    public static async Task<TestGateway> StartInAsync(string? dataDirectory, params string[] extraArgs)
    {
        for (var attempt = 0; ; attempt++)
        {
            var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "eb-gw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var gateway = new TestGateway(dir, FreePort(), FreePort(), FreePort(), extraArgs) { OwnsDirectory = dataDirectory is null };
            try
            {
                await gateway.StartAsync().ConfigureAwait(false);
                return gateway;
            }
            catch (IOException) when (attempt < 5)
            {
                // Another test grabbed one of the free ports between our probe and the bind: try other ports.
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts (again) on the same ports and data directory.</summary>
    public async Task StartAsync()
    {
        string[] args =
        [
            $"--Broker:NameServerPort={NameServerPort}",
            $"--Broker:ListenPort={ListenPort}",
            $"--Broker:HttpPort={HttpPort}",
            $"--Broker:Store=sqlite:{Path.Combine(DataDirectory, "eventbroker.db")}{(ExtraArgs.Any(a => a.StartsWith("--Broker:Redis=", StringComparison.Ordinal)) ? "?mode=shared" : "")}",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraArgs,
        ];
        var (app, problems) = await GatewayApp.CreateAsync(args).ConfigureAwait(false);
        if (app is null)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public T GetService<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    public Task<RemotingTestClient> ConnectNameServerAsync() => RemotingTestClient.ConnectAsync("127.0.0.1", NameServerPort);

    public Task<RemotingTestClient> ConnectBrokerAsync(int k = 0) => RemotingTestClient.ConnectAsync("127.0.0.1", ListenPort + k);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (!OwnsDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Request builders for the tests.</summary>
public static class Requests
{
    public static RemotingCommand Create(RequestCode code, params (string Key, string Value)[] ext)
    {
        var command = RemotingCommand.CreateRequest((int)code);
        foreach (var (k, v) in ext)
        {
            command.AddExt(k, v);
        }
        return command;
    }
}
