using System.Net;
using System.Text.Json;
using EventBroker.Gateway.Tests.Support;

namespace EventBroker.Gateway.Tests.Admin;

/// <summary>With Redis down, the admin API answers 503 naming the routing store instead of failing obscurely.</summary>
public sealed class AdminApiRoutingOutageTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _gateway = await TestGateway.StartAsync($"--Broker:Redis={_redis.Configuration},abortConnect=false,connectTimeout=500,syncTimeout=500");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Admin_requests_get_503_and_the_cluster_page_shows_routing_down()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using (var before = await http.GetAsync("/api/topics"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        _redis.Kill();

        using var topics = await http.GetAsync("/api/topics");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, topics.StatusCode);
        var problem = JsonDocument.Parse(await topics.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("Redis", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("retry later", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var cluster = await http.GetAsync("/api/cluster");
        Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
        var routing = JsonDocument.Parse(await cluster.Content.ReadAsStringAsync()).RootElement.GetProperty("routing");
        Assert.False(routing.GetProperty("up").GetBoolean());
    }
}
