using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>
/// One redis-server shared by the tests of the "redis" collection. Tests isolate themselves by key names (a
/// per-run prefix plus per-test names), so the server needs no cleanup between tests. Tests that kill, restart
/// or reconfigure a server start their own <see cref="RedisServer"/>.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    /// <summary>Unique to this test run, so leftovers of an earlier run never meet this one's keys.</summary>
    public string RunPrefix { get; } = $"test:{Guid.NewGuid():N}:";

    public RedisOptions Options => RedisOptions.Parse(Server.Configuration);

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
