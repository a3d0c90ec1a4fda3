using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Admin;

/// <summary>The admin HTTP API of a real gateway: topics, messages sent over real TCP, groups, lag, resets, resends.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    /// <summary>A clustering consumer's heartbeat with a TAG subscription, as the Java client sends it.</summary>
    private static RemotingCommand Heartbeat(string clientId, string group, string topic, string expression)
    {
        var data = new HeartbeatData { ClientID = clientId };
        data.ConsumerDataSet.Add(new ConsumerData
        {
            GroupName = group,
            ConsumeType = ConsumeType.CONSUME_PASSIVELY,
            MessageModel = MessageModel.CLUSTERING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
            SubscriptionDataSet = [new SubscriptionData { Topic = topic, SubString = expression, SubVersion = 1, ExpressionType = "TAG" }],
        });
        var request = RemotingCommand.CreateRequest((int)RequestCode.HeartBeat);
        request.Body = data.ToJson();
        return request;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Topics_are_created_listed_searched_updated_and_deleted()
    {
        using (var created = await _http.PostAsJsonAsync("/api/topics", new { topic = "ApiOrders", readQueueNums = 2, writeQueueNums = 3, perm = 6, order = true }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        var listed = await GetJsonAsync("/api/topics?search=apiord");
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("ApiOrders", only.GetProperty("topic").GetString());
        Assert.True(only.GetProperty("order").GetBoolean());
        Assert.DoesNotContain((await GetJsonAsync("/api/topics")).EnumerateArray(), t => t.GetProperty("topic").GetString() == "TBW102");
        Assert.Contains((await GetJsonAsync("/api/topics?system=true")).EnumerateArray(), t => t.GetProperty("topic").GetString() == "TBW102");

        using (var updated = await _http.PutAsJsonAsync("/api/topics/ApiOrders", new { perm = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }
        var detail = await GetJsonAsync("/api/topics/ApiOrders");
        Assert.Equal(4, detail.GetProperty("perm").GetInt32());
        Assert.Equal(2, detail.GetProperty("readQueueNums").GetInt32());
        Assert.Equal(3, detail.GetProperty("queues").GetArrayLength());

        using (var deleted = await _http.DeleteAsync("/api/topics/ApiOrders"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using var gone = await _http.GetAsync("/api/topics/ApiOrders");
        Assert.Contains("does not exist", (await ProblemAsync(gone, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"topic":"bad topic"}""", "illegal characters")]
    [InlineData("""{"topic":"T_ok","readQueueNums":0}""", "must be between 1 and 1024")]
    [InlineData("""{"topic":"T_ok","perm":7}""", "use 6 (read-write), 4 (read-only) or 2 (write-only)")]
    [InlineData("""{"topic":"TBW102"}""", "conflict with system topic")]
    [InlineData("""{"readQueueNums":1}""", "'topic' is required")]
    [InlineData("""{"topic":""", "as JSON")]
    public async Task Invalid_topic_requests_are_400_problems_that_say_what_is_wrong(string body, string expected)
    {
        using var response = await _http.PostAsync("/api/topics", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topics_rate_is_measured_from_the_store_between_two_looks()
    {
        using (var created = await _http.PostAsJsonAsync("/api/topics", new { topic = "ApiRate", readQueueNums = 1, writeQueueNums = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        var first = await GetJsonAsync("/api/topics/ApiRate");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("tps").ValueKind);

        for (var i = 0; i < 20; i++)
        {
            using var sent = await _broker.SendAsync("ApiRate", 0, "m" + i);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var second = await GetJsonAsync("/api/topics/ApiRate");

        // 20 messages over the time between the looks (at least 1.2 s, at most the test's own duration).
        var tps = second.GetProperty("tps").GetDouble();
        Assert.InRange(tps, 0.5, 20 / 1.2 + 0.01);
        Assert.Equal(tps, second.GetProperty("queues")[0].GetProperty("tps").GetDouble());
    }

    [Fact]
    public async Task Sent_messages_are_counted_and_found_by_key_by_offset_msg_id_and_by_client_msg_id()
    {
        var uniq = UniqueKey.Create();
        string offsetMsgId;
        using (var sent = await _broker.SendAsync("ApiFind", 1, """{"order":42}""", tags: "created", keys: "order-42 customer-7", uniqKey: uniq))
        {
            Assert.Equal(0, sent.Code);
            offsetMsgId = sent.GetExt("msgId")!;
        }
        for (var i = 0; i < 3; i++)
        {
            using var other = await _broker.SendAsync("ApiFind", 0, "other " + i, keys: "order-43");
            Assert.Equal(0, other.Code);
        }

        var topic = await GetJsonAsync("/api/topics/ApiFind");
        Assert.Equal(4, topic.GetProperty("totalMessages").GetInt64());
        var queue0 = topic.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queueId").GetInt32() == 0);
        Assert.Equal(3, queue0.GetProperty("maxOffset").GetInt64());
        Assert.True(queue0.GetProperty("lastUpdateTimestamp").GetInt64() > 0);

        var byKey = await GetJsonAsync("/api/messages?topic=ApiFind&key=customer-7");
        var found = Assert.Single(byKey.GetProperty("messages").EnumerateArray());
        Assert.Equal(uniq, found.GetProperty("msgId").GetString());
        Assert.Equal(offsetMsgId, found.GetProperty("offsetMsgId").GetString());
        Assert.Equal(4, (await GetJsonAsync("/api/messages?topic=ApiFind")).GetProperty("messages").GetArrayLength());
        var future = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        Assert.Equal(0, (await GetJsonAsync($"/api/messages?topic=ApiFind&begin={future}")).GetProperty("messages").GetArrayLength());

        var byOffsetId = await GetJsonAsync($"/api/messages/{offsetMsgId}");
        Assert.Equal("""{"order":42}""", Encoding.UTF8.GetString(Convert.FromBase64String(byOffsetId.GetProperty("body").GetString()!)));
        Assert.Equal("created", byOffsetId.GetProperty("tags").GetString());
        Assert.Equal("order-42 customer-7", byOffsetId.GetProperty("properties").GetProperty("KEYS").GetString());
        var byClientId = await GetJsonAsync($"/api/messages/{uniq}?topic=ApiFind");
        Assert.Equal(1, byClientId.GetProperty("queueId").GetInt32());

        using var noTopic = await _http.GetAsync($"/api/messages/{uniq}");
        Assert.Contains("give ?topic=", (await ProblemAsync(noTopic, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var missingTopic = await _http.GetAsync("/api/messages?key=x");
        Assert.Contains("'topic' is required", (await ProblemAsync(missingTopic, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_shows_its_members_subscriptions_and_lag_and_a_reset_by_time_moves_offsets_and_tells_members()
    {
        for (var i = 0; i < 5; i++)
        {
            using var sent = await _broker.SendAsync("ApiLag", 0, "m" + i);
            Assert.Equal(0, sent.Code);
        }
        var heartbeat = Heartbeat("10.1.2.3@lag-client", "ApiLagGroup", "ApiLag", "*");
        heartbeat.Language = LanguageCode.JAVA;
        heartbeat.Version = MQVersion.V4_9_4;
        using (var beat = await _broker.InvokeAsync(heartbeat))
        {
            Assert.Equal(0, beat.Code);
        }

        var group = await GetJsonAsync("/api/groups/ApiLagGroup");
        var member = Assert.Single(group.GetProperty("members").EnumerateArray());
        Assert.Equal("10.1.2.3@lag-client", member.GetProperty("clientId").GetString());
        Assert.Equal("JAVA", member.GetProperty("language").GetString());
        Assert.Equal("V4_9_4", member.GetProperty("version").GetString());
        Assert.Equal("ApiLag", Assert.Single(group.GetProperty("subscriptions").EnumerateArray()).GetProperty("topic").GetString());
        Assert.Equal(5, group.GetProperty("totalLag").GetInt64());
        Assert.Contains((await GetJsonAsync("/api/groups?search=apilag")).EnumerateArray(), g => g.GetProperty("group").GetString() == "ApiLagGroup");

        var future = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        using (var reset = await _http.PostAsJsonAsync("/api/groups/ApiLagGroup/reset-offset", new { topic = "ApiLag", timestamp = future }))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }
        Assert.Equal(0, (await GetJsonAsync("/api/groups/ApiLagGroup")).GetProperty("totalLag").GetInt64());
        // The member is told too (RESET_CONSUMER_CLIENT_OFFSET), with the new offset of each queue.
        using var notice = await ReadServerRequestAsync(RequestCode.ResetConsumerClientOffset);
        Assert.Equal("ApiLagGroup", notice.GetExt("group"));
        Assert.Contains("\"queueId\":0,\"topic\":\"ApiLag\"}:5", Encoding.UTF8.GetString(notice.Body.Span), StringComparison.Ordinal);

        using (var back = await _http.PostAsJsonAsync("/api/groups/ApiLagGroup/reset-offset", new { timestamp = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }
        Assert.Equal(5, (await GetJsonAsync("/api/groups/ApiLagGroup")).GetProperty("totalLag").GetInt64());

        using var noTime = await _http.PostAsJsonAsync("/api/groups/ApiLagGroup/reset-offset", new { topic = "ApiLag" });
        Assert.Contains("'timestamp' is required", (await ProblemAsync(noTime, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<RemotingCommand> ReadServerRequestAsync(RequestCode code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var request = await _broker.ServerRequests.Reader.ReadAsync(timeout.Token);
            if (request.Code == (int)code)
            {
                return request;
            }
            request.Dispose();
        }
    }

    [Fact]
    public async Task A_resent_message_reaches_the_group_through_its_retry_topic_with_its_original_topic()
    {
        string offsetMsgId;
        using (var sent = await _broker.SendAsync("ApiResend", 0, "again please", keys: "k-resend"))
        {
            offsetMsgId = sent.GetExt("msgId")!;
        }
        using (var missing = await _http.PostAsJsonAsync("/api/messages/resend", new { msgId = offsetMsgId, group = "NobodyHere" }))
        {
            Assert.Contains("no config and no online member", (await ProblemAsync(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var heartbeat = await _broker.InvokeAsync(Heartbeat("10.1.2.3@resend", "ApiResendGroup", "ApiResend", "*")))
        {
            Assert.Equal(0, heartbeat.Code);
        }
        using (var resent = await _http.PostAsJsonAsync("/api/messages/resend", new { msgId = offsetMsgId, group = "ApiResendGroup" }))
        {
            Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        }
        using var pulled = await _broker.PullAsync("ApiResendGroup", "%RETRY%ApiResendGroup", 0, 0);
        var message = Assert.Single(pulled.Messages());
        Assert.Equal("again please", Encoding.UTF8.GetString(message.Body));
        Assert.Equal("ApiResend", message.GetProperty(MessageConst.RetryTopic));
    }

    [Fact]
    public async Task Cluster_shows_this_gateway_its_broker_and_healthy_stores()
    {
        var cluster = await GetJsonAsync("/api/cluster");
        var gateway = Assert.Single(cluster.GetProperty("gateways").EnumerateArray());
        Assert.True(gateway.GetProperty("self").GetBoolean());
        var broker = Assert.Single(cluster.GetProperty("brokers").EnumerateArray());
        Assert.Equal("broker-a", broker.GetProperty("name").GetString());
        Assert.Equal(gateway.GetProperty("gatewayId").GetString(), broker.GetProperty("masterGateway").GetString());
        Assert.True(cluster.GetProperty("store").GetProperty("up").GetBoolean());
        Assert.True(cluster.GetProperty("routing").GetProperty("up").GetBoolean());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_admin_endpoint_and_the_dashboard_is_served_from_the_assembly()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).ToHashSet();
        var mapped = _gateway.GetService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Equal(mapped.Order(), paths.Order());

        using var index = await _http.GetAsync("/");
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/ui/app.js", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var asset in new[] { "app.js", "api.js", "util.js", "cluster.js", "topics.js", "consumers.js", "producers.js", "messages.js", "app.css" })
        {
            using var response = await _http.GetAsync("/ui/" + asset);
            Assert.True(response.IsSuccessStatusCode, asset);
        }
        using var unknown = await _http.GetAsync("/ui/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
