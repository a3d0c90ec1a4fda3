using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Tests.Process;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>
/// Two gateway processes on one real redis-server and one shared SQLite file, for the singleton-job failover tests:
/// gateway A starts alone and is waited on until it holds the given leases, then B starts and finds them held. Lease
/// timings come in as gateway arguments (<c>SingletonLeaseTtl</c>, <c>SingletonLeaseRenewInterval</c>) so a hand-over
/// takes seconds instead of the default 40.
/// </summary>
public sealed class LeaseHolderCluster : IAsyncDisposable
{
    private const string ClusterName = "DefaultCluster";

    private readonly string _sharedDirectory;

    private LeaseHolderCluster(RedisServer redis, string sharedDirectory, GatewayProcess a, GatewayProcess b)
    {
        Redis = redis;
        _sharedDirectory = sharedDirectory;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }

    /// <summary>The gateway that holds <c>jobsOfA</c> once started.</summary>
    public GatewayProcess A { get; }

    public GatewayProcess B { get; }

    /// <param name="directoryPrefix">Names the shared data directory, to tell runs apart in /tmp.</param>
    /// <param name="jobsOfA">Leases A must hold before B starts.</param>
    /// <param name="gatewayArgs">Arguments of both gateways besides Redis and the shared store.</param>
    public static async Task<LeaseHolderCluster> StartAsync(string directoryPrefix, IReadOnlyList<string> jobsOfA, params string[] gatewayArgs)
    {
        var redis = await RedisServer.StartAsync();
        var sharedDirectory = Path.Combine(Path.GetTempPath(), directoryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(sharedDirectory);
        string[] args =
        [
            $"--Broker:Redis={redis.Configuration}",
            $"--Broker:Store=sqlite:{Path.Combine(sharedDirectory, "eventbroker.db")}?mode=shared",
            .. gatewayArgs,
        ];
        var a = await GatewayProcess.StartAsync(args);
        try
        {
            // A is alone: it takes every lease at its first renewal round. B, started after, finds them held.
            foreach (var job in jobsOfA)
            {
                await WaitForHolderAsync(redis, job, a, TimeSpan.FromSeconds(15));
            }
            return new LeaseHolderCluster(redis, sharedDirectory, a, await GatewayProcess.StartAsync(args));
        }
        catch
        {
            await a.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    public static string GatewayId(GatewayProcess gateway) => $"127.0.0.1:{gateway.ListenPort}";

    /// <summary>The gateway id the lease of <paramref name="job"/> names in Redis, or null when nobody holds it.</summary>
    public Task<string?> HolderAsync(string job) => HolderAsync(Redis, job);

    /// <summary>Waits until the lease of <paramref name="job"/> names <paramref name="gateway"/>.</summary>
    public Task WaitForHolderAsync(string job, GatewayProcess gateway, TimeSpan timeout) => WaitForHolderAsync(Redis, job, gateway, timeout);

    private static Task<string?> HolderAsync(RedisServer redis, string job) =>
        redis.HashGetAsync($"eventbroker:{{{ClusterName}}}:lease:{job}", "holder");

    private static async Task WaitForHolderAsync(RedisServer redis, string job, GatewayProcess gateway, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string? holder;
        while ((holder = await HolderAsync(redis, job)) != GatewayId(gateway))
        {
            Assert.True(clock.Elapsed < timeout, $"the '{job}' lease is held by {holder ?? "nobody"}, not {GatewayId(gateway)}, after {timeout.TotalSeconds:0} s.{gateway.Output()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every message of queue 0 from offset 0 once at least <paramref name="count"/> are there.</summary>
    public static async Task<List<DecodedMessage>> PullUntilAsync(RemotingTestClient client, string topic, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var messages = new List<DecodedMessage>();
            while (true)
            {
                using var pull = await client.PullAsync("failover_check", topic, 0, messages.Count);
                if (pull.Code != 0)
                {
                    break;
                }
                messages.AddRange(pull.Messages());
            }
            if (messages.Count >= count)
            {
                return messages;
            }
            Assert.True(clock.Elapsed < timeout,
                $"{topic}: {messages.Count} of {count} messages after {timeout.TotalSeconds:0} s: [{string.Join(", ", messages.Select(Body))}]");
            await Task.Delay(100);
        }
    }

    public static string Body(DecodedMessage message) => Encoding.UTF8.GetString(message.Body);

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_sharedDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
