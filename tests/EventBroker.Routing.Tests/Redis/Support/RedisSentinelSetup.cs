using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>
/// A master, a replica and one Sentinel (redis-server --sentinel) watching them with quorum 1 and a one-second
/// down-after, so a failover completes within seconds.
/// </summary>
public sealed class RedisSentinelSetup : IAsyncDisposable
{
    public const string ServiceName = "mymaster";

    private readonly TempDirectory _directory;

    private RedisSentinelSetup(RedisServer master, RedisServer replica, RedisServer sentinel, TempDirectory directory)
    {
        _directory = directory;
        Master = master;
        Replica = replica;
        Sentinel = sentinel;
    }

    public RedisServer Master { get; }

    public RedisServer Replica { get; }

    public RedisServer Sentinel { get; }

    /// <summary>The configuration string a client uses: the Sentinel and the service name.</summary>
    public string Configuration => $"{Sentinel.Configuration},serviceName={ServiceName}";

    public static async Task<RedisSentinelSetup> StartAsync()
    {
        var master = await RedisServer.StartAsync();
        var replica = await RedisServer.StartAsync("--replicaof", "127.0.0.1", master.Port.ToString());
        var port = RedisServer.FreePort();
        var temp = new TempDirectory();
        var directory = temp.Path;
        var config = Path.Combine(directory, "sentinel.conf");
        // The Sentinel rewrites this file as it learns the topology, so it lives in a writable directory of its own.
        await File.WriteAllTextAsync(config, $"""
            port {port}
            bind 127.0.0.1
            dir {directory}
            sentinel monitor {ServiceName} 127.0.0.1 {master.Port} 1
            sentinel down-after-milliseconds {ServiceName} 1000
            sentinel failover-timeout {ServiceName} 5000
            sentinel parallel-syncs {ServiceName} 1
            """);
        var sentinel = await RedisServer.StartOnAsync(port, config, "--sentinel");
        return new RedisSentinelSetup(master, replica, sentinel, temp);
    }

    public async ValueTask DisposeAsync()
    {
        await Sentinel.DisposeAsync();
        await Replica.DisposeAsync();
        await Master.DisposeAsync();
        _directory.Dispose();
    }
}
