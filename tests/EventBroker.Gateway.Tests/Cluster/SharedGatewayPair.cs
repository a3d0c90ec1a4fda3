using EventBroker.Gateway.Tests.Support;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>
/// Two gateways in this process on one real redis-server and one SQLite file in shared mode: the smallest gateway
/// cluster, for tests that need state shared through Redis and the store but no process boundaries.
/// </summary>
public sealed class SharedGatewayPair : IAsyncDisposable
{
    private readonly string _directory;

    private SharedGatewayPair(RedisServer redis, string directory, TestGateway a, TestGateway b)
    {
        Redis = redis;
        _directory = directory;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }

    public TestGateway A { get; }

    public TestGateway B { get; }

    /// <param name="directoryPrefix">Names the shared data directory, to tell runs apart in /tmp.</param>
    public static async Task<SharedGatewayPair> StartAsync(string directoryPrefix)
    {
        var redis = await RedisServer.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), directoryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var a = await TestGateway.StartInAsync(directory, $"--Broker:Redis={redis.Configuration}");
        var b = await TestGateway.StartInAsync(directory, $"--Broker:Redis={redis.Configuration}");
        return new SharedGatewayPair(redis, directory, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
