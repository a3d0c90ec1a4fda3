using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>AUTH against a real server with requirepass and an ACL user, under both protocols.</summary>
public sealed class RedisAuthTests : IAsyncLifetime
{
    private RedisServer _server = null!;

    public async Task InitializeAsync()
        => _server = await RedisServer.StartAsync("--requirepass", "s3cret", "--user", "app", "on", ">app-pw", "~*", "&*", "+@all");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task Password_authenticates_the_default_user(string protocol)
    {
        await using var redis = await RedisConnection.ConnectAsync(RedisOptions.Parse($"{_server.Configuration},password=s3cret,protocol={protocol}"));

        Assert.Equal("default", (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Theory]
    [InlineData("resp2")]
    [InlineData("resp3")]
    public async Task User_and_password_authenticate_an_ACL_user(string protocol)
    {
        await using var redis = await RedisConnection.ConnectAsync(RedisOptions.Parse($"{_server.Configuration},user=app,password=app-pw,protocol={protocol}"));

        Assert.Equal("app", (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Fact]
    public async Task Wrong_password_fails_with_the_servers_reason_and_not_the_password()
    {
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync(RedisOptions.Parse($"{_server.Configuration},password=nope")));

        Assert.Contains($"Redis at {_server.Configuration} refused the connection: WRONGPASS", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_password_fails_with_NOAUTH()
    {
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(RedisOptions.Parse(_server.Configuration)));

        Assert.Contains("NOAUTH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriber_authenticates_too()
    {
        var options = RedisOptions.Parse($"{_server.Configuration},user=app,password=app-pw");
        await using var redis = await RedisConnection.ConnectAsync(options);
        await using var subscriber = await RedisSubscriber.ConnectAsync(options);
        var received = new TaskCompletionSource<string>();
        await using var subscription = await subscriber.SubscribeAsync("auth-ch", m => received.TrySetResult(System.Text.Encoding.UTF8.GetString(m.Span)));

        await redis.ExecuteAsync("PUBLISH", "auth-ch", "hi");

        Assert.Equal("hi", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
