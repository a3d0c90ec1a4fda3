using System.Net;
using System.Net.Sockets;
using EventBroker.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;

using EventBroker.Client;

namespace EventBroker.MassTransit.Tests.Support;

/// <summary>
/// A real gateway on free loopback ports with its own SQLite file, started in this process; it can be stopped and
/// started again on the same ports and data (a restart as clients see it). Delay levels are 1s 2s 3s to keep delayed
/// and retried messages quick.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private WebApplication? _app;

    private GatewayHost(string[] extraArgs)
    {
        _extraArgs = extraArgs;
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "eb-mt-" + Guid.NewGuid().ToString("N"));

    public int NameServerPort { get; private set; }

    public int ListenPort { get; private set; }

    public int HttpPort { get; private set; }

    public string NameServer => $"127.0.0.1:{NameServerPort}";

    public static async Task<GatewayHost> StartAsync(params string[] extraArgs)
    {
        var host = new GatewayHost(extraArgs);
        Directory.CreateDirectory(host.DataDirectory);
        for (var attempt = 0; ; attempt++)
        {
            host.NameServerPort = FreePort();
            host.ListenPort = FreePort();
            host.HttpPort = FreePort();
            try
            {
                await host.StartAgainAsync();
                return host;
            }
            catch (IOException) when (attempt < 5)
            {
                // A port was taken between the probe and the bind: try others.
            }
        }
    }

    /// <summary>Starts on the same ports and data directory.</summary>
    public async Task StartAgainAsync()
    {
        string[] args =
        [
            $"--Broker:NameServerPort={NameServerPort}",
            $"--Broker:ListenPort={ListenPort}",
            $"--Broker:HttpPort={HttpPort}",
            $"--Broker:Store=sqlite:{Path.Combine(DataDirectory, "eventbroker.db")}",
            "--Broker:messageDelayLevel=1s 2s 3s",
            "--Logging:LogLevel:Default=Warning",
            .. _extraArgs,
        ];
        var (app, problems) = await GatewayApp.CreateAsync(args);
        if (app is null)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A client of its own (its own client id), committing offsets every second.</summary>
    public EventBrokerClient NewClient(string? instanceName = null, AclCredentials? credentials = null) => new(new EventBrokerClientOptions
    {
        NameServers = [NameServer],
        InstanceName = instanceName,
        OffsetPersistInterval = TimeSpan.FromSeconds(1),
        Credentials = credentials,
    });

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
