using System.Net;
using System.Text.Json;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Storage;

namespace EventBroker.Gateway.Tests.Observability;

public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_count_sends_and_pulls_by_topic_and_result_and_parse_as_prometheus_text()
    {
        var topic = "T_" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 3; i++)
        {
            using var sent = await _broker.SendAsync(topic, 1, $"m{i}");
            Assert.Equal((int)ResponseCode.Success, sent.Code);
        }
        using (var pulled = await _broker.PullAsync("g_metrics", topic, 1, 0))
        {
            Assert.Equal((int)ResponseCode.Success, pulled.Code);
        }
        using (var empty = await _broker.PullAsync("g_metrics", topic, 1, 3))
        {
            Assert.Equal((int)ResponseCode.PullNotFound, empty.Code);
        }
        using (var missing = await _broker.PullAsync("g_metrics", "NoSuchTopic", 0, 0))
        {
            Assert.Equal((int)ResponseCode.TopicNotExist, missing.Code);
        }

        using var response = await _http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("counter", metrics.TypeOf("eventbroker_send_requests"));
        Assert.Equal(3, metrics.Value($"eventbroker_send_requests_total{{topic=\"{topic}\",result=\"success\"}}"));
        Assert.Equal(3, metrics.Value($"eventbroker_sent_messages_total{{topic=\"{topic}\"}}"));
        Assert.Equal(1, metrics.Value($"eventbroker_pull_requests_total{{topic=\"{topic}\",result=\"success\"}}"));
        Assert.Equal(1, metrics.Value($"eventbroker_pull_requests_total{{topic=\"{topic}\",result=\"pull_not_found\"}}"));
        Assert.Equal(1, metrics.Value("eventbroker_pull_requests_total{topic=\"NoSuchTopic\",result=\"topic_not_exist\"}"));
        Assert.Equal(3, metrics.Value($"eventbroker_pulled_messages_total{{topic=\"{topic}\"}}"));
        Assert.Equal("histogram", metrics.TypeOf("eventbroker_send_duration_seconds"));
        Assert.Equal(3, metrics.Value($"eventbroker_send_duration_seconds_count{{topic=\"{topic}\",result=\"success\"}}"));
        Assert.Equal(3, metrics.Value($"eventbroker_send_duration_seconds_bucket{{topic=\"{topic}\",result=\"success\",le=\"+Inf\"}}"));
        Assert.True(metrics.Value("eventbroker_store_append_duration_seconds_count") >= 3);
        // The test client never sends a heartbeat, so its language is unknown.
        Assert.True(metrics.Value("eventbroker_connections{language=\"OTHER\"}") >= 1);
        // The gateway's own services (schedule and retry delivery) park pulls too: the gauge is there, whatever its value.
        Assert.NotNull(metrics.Value("eventbroker_pulls_parked"));
    }

    [Fact]
    public async Task Consumer_lag_is_the_queue_end_minus_the_committed_offset()
    {
        var topic = "T_" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 5; i++)
        {
            using var sent = await _broker.SendAsync(topic, 0, $"m{i}");
        }
        using (var pulled = await _broker.PullAsync("g_lag", topic, 0, 0))
        {
            Assert.Equal((int)ResponseCode.Success, pulled.Code);
        }
        using (var commit = await _broker.InvokeAsync(Requests.Create(RequestCode.UpdateConsumerOffset,
            ("consumerGroup", "g_lag"), ("topic", topic), ("queueId", "0"), ("commitOffset", "2"))))
        {
            Assert.Equal((int)ResponseCode.Success, commit.Code);
        }

        var metrics = PrometheusText.Parse(await _http.GetStringAsync("/metrics"));

        Assert.Equal("gauge", metrics.TypeOf("eventbroker_consumer_lag"));
        Assert.Equal(3, metrics.Value($"eventbroker_consumer_lag{{group=\"g_lag\",topic=\"{topic}\"}}"));
    }

    [Fact]
    public async Task Ready_turns_503_when_the_store_is_closed_while_live_stays_200()
    {
        using (var ready = await _http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("UP", body.RootElement.GetProperty("status").GetString());
            Assert.True(body.RootElement.GetProperty("routing").GetProperty("up").GetBoolean());
        }

        // The fault: the message store is closed under the running gateway (as when its disk or server goes away).
        await _gateway.GetService<IStreamStore>().DisposeAsync();

        using (var ready = await _http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("DOWN", body.RootElement.GetProperty("status").GetString());
            Assert.False(body.RootElement.GetProperty("store").GetProperty("up").GetBoolean());
        }
        using var live = await _http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var health = await _http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }
}
