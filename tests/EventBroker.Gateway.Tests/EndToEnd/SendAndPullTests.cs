using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class SendAndPullTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _broker = await _gateway.ConnectBrokerAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private static string NewTopic() => "T_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Sent_messages_are_pulled_back_in_order_with_offsets_and_ids()
    {
        var topic = NewTopic();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var r = await _broker.SendAsync(topic, 1, $"m{i}", tags: "TagA", keys: $"k{i}");
            Assert.Equal((int)ResponseCode.Success, r.Code);
            Assert.Equal(i, r.ExtLong("queueOffset"));
            Assert.Equal("1", r.GetExt("queueId"));
            Assert.Equal("DefaultRegion", r.GetExt("MSG_REGION"));
            ids.Add(r.GetExt("msgId")!);
        }
        using var pull = await _broker.PullAsync("g1", topic, 1, 0);
        Assert.Equal((int)ResponseCode.Success, pull.Code);
        Assert.Equal(5, pull.ExtLong("nextBeginOffset"));
        Assert.Equal(0, pull.ExtLong("minOffset"));
        Assert.Equal(5, pull.ExtLong("maxOffset"));
        var messages = pull.Messages();
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
        Assert.Equal([0L, 1, 2, 3, 4], messages.Select(m => m.QueueOffset));
        Assert.Equal(ids, messages.Select(m => m.OffsetMsgId));
        Assert.All(messages, m => Assert.Equal(topic, m.Topic));
        Assert.All(messages, m => Assert.Equal("DefaultCluster", m.GetProperty("CLUSTER")));
        Assert.Equal("k3", messages[3].Keys);
        Assert.Equal(_gateway.ListenPort, messages[0].StoreHost.Port);
    }

    [Fact]
    public async Task Tag_filter_returns_only_matching_tags_and_skips_the_rest()
    {
        var topic = NewTopic();
        for (var i = 0; i < 10; i++)
        {
            using var r = await _broker.SendAsync(topic, 0, $"m{i}", tags: i % 2 == 0 ? "TagA" : "TagB");
            Assert.Equal(0, r.Code);
        }
        using var pull = await _broker.PullAsync("g", topic, 0, 0, subscription: "TagA");
        Assert.Equal(0, pull.Code);
        Assert.Equal(["m0", "m2", "m4", "m6", "m8"], pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
        Assert.Equal(10, pull.ExtLong("nextBeginOffset"));

        using var none = await _broker.PullAsync("g", topic, 0, 0, subscription: "TagC");
        Assert.Equal((int)ResponseCode.PullRetryImmediately, none.Code);
        Assert.Equal(10, none.ExtLong("nextBeginOffset"));

        using var both = await _broker.PullAsync("g", topic, 0, 0, subscription: "TagA || TagB");
        Assert.Equal(10, both.Messages().Count);
    }

    [Fact]
    public async Task Pull_status_codes_follow_rocketmq_offsets_rules()
    {
        var topic = NewTopic();
        using (var r = await _broker.SendAsync(topic, 0, "x"))
        {
            Assert.Equal(0, r.Code);
        }
        using var atEnd = await _broker.PullAsync("g", topic, 0, 1);
        Assert.Equal((int)ResponseCode.PullNotFound, atEnd.Code);
        Assert.Equal(1, atEnd.ExtLong("nextBeginOffset"));

        using var beyond = await _broker.PullAsync("g", topic, 0, 7);
        Assert.Equal((int)ResponseCode.PullOffsetMoved, beyond.Code);
        Assert.Equal(0, beyond.ExtLong("nextBeginOffset")); // min offset is 0: corrected to it

        using var emptyQueueAtZero = await _broker.PullAsync("g", topic, 3, 0);
        Assert.Equal((int)ResponseCode.PullNotFound, emptyQueueAtZero.Code);

        using var emptyQueueAtFive = await _broker.PullAsync("g", topic, 3, 5);
        Assert.Equal((int)ResponseCode.PullOffsetMoved, emptyQueueAtFive.Code);
        Assert.Equal(0, emptyQueueAtFive.ExtLong("nextBeginOffset"));
    }

    [Fact]
    public async Task Long_poll_is_woken_by_an_append_within_100_ms()
    {
        var topic = NewTopic();
        using (var r = await _broker.SendAsync(topic, 2, "first"))
        {
            Assert.Equal(0, r.Code);
        }
        await using var consumer = await _gateway.ConnectBrokerAsync();
        var pulling = consumer.PullAsync("g", topic, 2, 1, suspendMillis: 15000);
        await Task.Delay(300);
        Assert.False(pulling.IsCompleted);
        var sent = Stopwatch.StartNew();
        using (var r = await _broker.SendAsync(topic, 2, "second"))
        {
            Assert.Equal(0, r.Code);
        }
        using var pull = await pulling;
        var elapsed = sent.Elapsed;
        Assert.Equal(0, pull.Code);
        Assert.Equal("second", Encoding.UTF8.GetString(Assert.Single(pull.Messages()).Body));
        Assert.True(elapsed < TimeSpan.FromMilliseconds(100), $"woken after {elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Long_poll_answers_not_found_at_its_timeout()
    {
        var topic = NewTopic();
        using (var r = await _broker.SendAsync(topic, 0, "x"))
        {
            Assert.Equal(0, r.Code);
        }
        var watch = Stopwatch.StartNew();
        using var pull = await _broker.PullAsync("g", topic, 0, 1, suspendMillis: 700);
        Assert.Equal((int)ResponseCode.PullNotFound, pull.Code);
        Assert.InRange(watch.ElapsedMilliseconds, 600, 5000);
    }

    [Fact]
    public async Task A_parked_pull_does_not_block_a_send_on_the_same_connection()
    {
        var topic = NewTopic();
        using (var r = await _broker.SendAsync(topic, 0, "x"))
        {
            Assert.Equal(0, r.Code);
        }
        var pulling = _broker.PullAsync("g", topic, 0, 1, suspendMillis: 15000);
        using var send = await _broker.SendAsync(NewTopic(), 0, "other").WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(0, send.Code);
        Assert.False(pulling.IsCompleted);
        using (var r = await _broker.SendAsync(topic, 0, "y"))
        {
            Assert.Equal(0, r.Code);
        }
        using var pull = await pulling.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, pull.Code);
    }

    [Fact]
    public async Task Batch_is_stored_as_separate_messages_with_comma_joined_ids()
    {
        var topic = NewTopic();
        using var r = await _broker.SendBatchAsync(topic, 0, Enumerable.Range(0, 4).Select(i => ($"b{i}", (string?)"TagA")));
        Assert.Equal(0, r.Code);
        var ids = r.GetExt("msgId")!.Split(',');
        Assert.Equal(4, ids.Length);
        Assert.Equal(0, r.ExtLong("queueOffset"));
        using var pull = await _broker.PullAsync("g", topic, 0, 0);
        var messages = pull.Messages();
        Assert.Equal(["b0", "b1", "b2", "b3"], messages.Select(m => Encoding.UTF8.GetString(m.Body)));
        Assert.Equal(ids, messages.Select(m => m.OffsetMsgId));
        Assert.All(messages, m => Assert.Equal("true", m.GetProperty("WAIT")));
        Assert.All(messages, m => Assert.Equal("TagA", m.Tags));
    }

    [Fact]
    public async Task A_retried_send_with_the_same_uniq_key_is_stored_once()
    {
        var topic = NewTopic();
        var key = UniqueKey.Create();
        using var first = await _broker.SendAsync(topic, 0, "once", uniqKey: key);
        using var retry = await _broker.SendAsync(topic, 0, "once", uniqKey: key);
        Assert.Equal(first.GetExt("msgId"), retry.GetExt("msgId"));
        Assert.Equal(first.GetExt("queueOffset"), retry.GetExt("queueOffset"));
        using var pull = await _broker.PullAsync("g", topic, 0, 0);
        Assert.Single(pull.Messages());
    }

    [Fact]
    public async Task Oversized_messages_and_timers_beyond_the_maximum_are_refused_with_a_reason()
    {
        var topic = NewTopic();
        using var big = await _broker.SendAsync(topic, 0, new string('x', 4 * 1024 * 1024 + 1));
        Assert.Equal((int)ResponseCode.MessageIllegal, big.Code);
        Assert.Contains("MAX: 4194304", big.Remark);

        using var timed = await _broker.SendAsync(topic, 0, "later", extra: [new("TIMER_DELAY_SEC", "99999999")]);
        Assert.Equal((int)ResponseCode.MessageIllegal, timed.Code);
        Assert.Contains("TIMER_DELAY_SEC=99999999 is beyond the maximum delay", timed.Remark);
    }

    [Fact]
    public async Task Unknown_topic_without_autocreate_template_and_bad_queue_are_refused()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "p",
            Topic = NewTopic(),
            DefaultTopic = "NoSuchTemplate",
            DefaultTopicQueueNums = 4,
            QueueId = 0,
            SysFlag = 0,
            BornTimestamp = 0,
            Flag = 0,
            Properties = "",
            Batch = false,
        }.EncodeTo(request, v2: true);
        request.Body = "x"u8.ToArray();
        using var response = await _broker.InvokeAsync(request);
        Assert.Equal((int)ResponseCode.TopicNotExist, response.Code);

        var topic = NewTopic();
        using var ok = await _broker.SendAsync(topic, 0, "x");
        using var bad = await _broker.SendAsync(topic, 99, "x");
        Assert.Equal((int)ResponseCode.SystemError, bad.Code);
        Assert.Contains("queueId[99] is illegal", bad.Remark);
    }

    [Fact]
    public async Task Auto_created_topic_takes_min_of_client_and_template_queue_counts()
    {
        var topic = NewTopic();
        using var r = await _broker.SendAsync(topic, 0, "x");
        await using var ns = await _gateway.ConnectNameServerAsync();
        using var route = await ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", topic)));
        Assert.Equal(0, route.Code);
        var json = Encoding.UTF8.GetString(route.Body.Span);
        Assert.Contains("\"readQueueNums\":4", json);
        Assert.Contains("\"perm\":6", json);
    }
}
