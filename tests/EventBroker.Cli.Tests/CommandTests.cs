using EventBroker.Cli.Tests.Support;
using EventBroker.Client;

namespace EventBroker.Cli.Tests;

/// <summary>Every subcommand against a real in-process gateway, as a table and as --json.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CommandTests(GatewayFixture gateway)
{
    private string N => gateway.NameServer;

    private Task<CliResult> Run(params string[] args) => AdminTool.RunAsync([.. args, "-n", N]);

    private async Task<string> NewTopicAsync(int queues = 2)
    {
        var topic = GatewayFixture.Unique("T");
        (await Run("updateTopic", "-b", gateway.BrokerAddr, "-t", topic, "-r", queues.ToString(), "-w", queues.ToString())).Succeeded();
        return topic;
    }

    [Fact]
    public async Task ClusterList_and_brokerStatus_show_the_broker()
    {
        var table = (await Run("clusterList")).Succeeded().Output;
        Assert.StartsWith("#Cluster Name", table);
        Assert.Contains(gateway.BrokerAddr, table);
        var broker = (await Run("clusterList", "--json")).Json().GetProperty("brokers")[0];
        Assert.Equal("broker-a", broker.GetProperty("brokerName").GetString());
        Assert.Equal(0, broker.GetProperty("brokerId").GetInt64());
        Assert.Equal("V4_9_4", broker.GetProperty("version").GetString());

        var status = (await Run("brokerStatus", "-b", gateway.BrokerAddr)).Succeeded().Output;
        Assert.Matches(@"(?m)^brokerVersionDesc\s+: V4_9_4$", status);
        var json = (await Run("brokerStatus", "-c", broker.GetProperty("clusterName").GetString()!, "--json")).Json();
        Assert.Equal("broker-a", json.GetProperty("brokers")[0].GetProperty("runtimeInfo").GetProperty("brokerName").GetString());
    }

    [Fact]
    public async Task UpdateTopic_then_topicList_topicRoute_topicStatus_and_deleteTopic()
    {
        var topic = GatewayFixture.Unique("T");
        var created = (await Run("updateTopic", "-b", gateway.BrokerAddr, "-t", topic, "-r", "3", "-w", "3", "-p", "6")).Succeeded().Output;
        Assert.Contains($"create topic to {gateway.BrokerAddr} success.", created);
        Assert.Contains($"TopicConfig [topicName={topic}, readQueueNums=3, writeQueueNums=3, perm=RW-", created);

        Assert.Contains(topic, (await Run("topicList")).Succeeded().Output.Split('\n').Select(l => l.Trim()));
        Assert.Contains(topic, (await Run("topicList", "--json")).Json().GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        var clusterModel = (await Run("topicList", "-c")).Succeeded().Output;
        Assert.StartsWith("#Cluster Name", clusterModel);
        Assert.Contains(topic, clusterModel);

        var route = (await Run("topicRoute", "-t", topic)).Json();
        Assert.Equal(3, route.GetProperty("queueDatas")[0].GetProperty("writeQueueNums").GetInt32());
        Assert.Equal(gateway.BrokerAddr, route.GetProperty("brokerDatas")[0].GetProperty("brokerAddrs").GetProperty("0").GetString());
        var list = (await Run("topicRoute", "-t", topic, "-l")).Succeeded().Output;
        Assert.StartsWith("#ClusterName", list);
        Assert.Matches(@"(?m)^Total:\s+1\s+3\s+3", list);

        var status = (await Run("topicStatus", "-t", topic)).Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#Broker Name", status[0]);
        Assert.Equal(4, status.Length);

        var clusterName = (await Run("clusterList", "--json")).Json().GetProperty("brokers")[0].GetProperty("clusterName").GetString()!;
        var deleted = (await Run("deleteTopic", "-t", topic, "-c", clusterName)).Succeeded().Output;
        Assert.Contains($"delete topic [{topic}] from NameServer success.", deleted);
        var gone = await Run("topicRoute", "-t", topic);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("does not exist", gone.Error);
    }

    [Fact]
    public async Task UpdateSubGroup_and_deleteSubGroup()
    {
        var group = GatewayFixture.Unique("g");
        var created = (await Run("updateSubGroup", "-b", gateway.BrokerAddr, "-g", group, "-r", "5", "-s", "false")).Succeeded().Output;
        Assert.Contains($"create subscription group to {gateway.BrokerAddr} success.", created);
        Assert.Contains("consumeEnable=false", created);
        Assert.Contains("retryMaxTimes=5", created);
        var json = (await Run("updateSubGroup", "-b", gateway.BrokerAddr, "-g", group, "-q", "2", "--json")).Json();
        Assert.Equal(2, json.GetProperty("retryQueueNums").GetInt32());

        var deleted = (await Run("deleteSubGroup", "-b", gateway.BrokerAddr, "-g", group, "-r", "true")).Succeeded().Output;
        Assert.Contains($"delete subscription group [{group}] from broker [{gateway.BrokerAddr}] success.", deleted);
    }

    [Fact]
    public async Task SendMessage_then_query_it_by_id_by_offset_and_consume_it()
    {
        var topic = await NewTopicAsync();
        var sent = (await Run("sendMessage", "-t", topic, "-p", "hello admin", "-k", "k1 k2", "-c", "TagA", "-b", "broker-a", "-i", "1", "--json")).Json();
        Assert.Equal("SEND_OK", sent.GetProperty("sendStatus").GetString());
        Assert.Equal(1, sent.GetProperty("queueId").GetInt32());
        var msgId = sent.GetProperty("msgId").GetString()!;
        var offsetMsgId = sent.GetProperty("offsetMsgId").GetString()!;
        var table = (await Run("sendMessage", "-t", topic, "-p", "second")).Succeeded().Output;
        Assert.Matches(@"^#Broker Name\s+#QID\s+#Send Result\s+#MsgId\s*\nbroker-a\s+\d\s+SEND_OK\s+[0-9A-F]{32}", table);

        var byOffsetId = (await Run("queryMsgById", "-i", offsetMsgId)).Succeeded().Output;
        Assert.Matches(@"(?m)^Topic:\s+" + topic + "$", byOffsetId);
        Assert.Matches(@"(?m)^Tags:\s+\[TagA\]$", byOffsetId);
        Assert.Matches(@"(?m)^Keys:\s+\[k1 k2\]$", byOffsetId);
        Assert.Matches(@"(?m)^Message Body:\s+hello admin$", byOffsetId);
        var byUniqKey = (await Run("queryMsgById", "-i", msgId, "-t", topic, "--json")).Json().GetProperty("messages")[0];
        Assert.Equal(offsetMsgId, byUniqKey.GetProperty("offsetMsgId").GetString());
        var needsTopic = await Run("queryMsgById", "-i", msgId);
        Assert.Equal(1, needsTopic.ExitCode);
        Assert.Contains("-t", needsTopic.Error);

        var byOffset = (await Run("queryMsgByOffset", "-t", topic, "-b", "broker-a", "-i", "1", "-o", "0", "--json")).Json().GetProperty("message");
        Assert.Equal("hello admin", byOffset.GetProperty("body").GetString());
        var missing = await Run("queryMsgByOffset", "-t", topic, "-b", "broker-a", "-i", "1", "-o", "5");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no message at offset 5", missing.Error);

        var consumed = (await Run("consumeMessage", "-t", topic, "--json")).Json().GetProperty("messages");
        Assert.Equal(2, consumed.GetArrayLength());
        var oneQueue = (await Run("consumeMessage", "-t", topic, "-b", "broker-a", "-i", "1", "-o", "0", "-c", "1")).Succeeded().Output;
        Assert.StartsWith("#Broker Name", oneQueue);
        Assert.Contains("hello admin", oneQueue);
        Assert.Contains("1 message(s)", oneQueue);
        var future = (await Run("consumeMessage", "-t", topic, "-s", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(), "--json")).Json();
        Assert.Equal(0, future.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Connections_progress_and_resetOffsetByTime_with_live_clients()
    {
        var topic = await NewTopicAsync(queues: 1);
        var group = GatewayFixture.Unique("cg");
        var producerGroup = GatewayFixture.Unique("pg");
        await using var client = gateway.Host.NewClient();
        var producer = client.CreateProducer(new ProducerOptions(producerGroup));
        for (var i = 0; i < 4; i++)
        {
            await producer.SendAsync(new Message(topic, $"m{i}"));
        }
        var received = 0;
        var consumer = client.CreatePushConsumer(
            new PushConsumerOptions(group, new Subscription(topic, MessageSelector.Tags("*"))) { ConsumeFromWhere = ConsumeFromWhere.FirstOffset },
            (message, ct) =>
            {
                Interlocked.Increment(ref received);
                return ValueTask.FromResult(ConsumeResult.Success);
            });
        await consumer.StartAsync();
        await Eventually.TrueAsync(async () =>
        {
            var progress = await Run("consumerProgress", "-g", group, "--json");
            return progress.ExitCode == 0 && progress.Json().GetProperty("diffTotal").GetInt64() == 0
                && progress.Json().GetProperty("queues").EnumerateArray().Any(q => q.GetProperty("topic").GetString() == topic && q.GetProperty("consumerOffset").GetInt64() == 4);
        }, "the consumer commits offset 4");

        var progressTable = (await Run("consumerProgress", "-g", group, "-t", topic)).Succeeded().Output;
        Assert.StartsWith("#Topic", progressTable);
        Assert.Contains("Diff Total: 0", progressTable);
        var groups = (await Run("consumerProgress", "--json")).Json().GetProperty("groups");
        var row = groups.EnumerateArray().Single(g => g.GetProperty("group").GetString() == group);
        Assert.Equal(1, row.GetProperty("count").GetInt32());
        Assert.Equal("PUSH", row.GetProperty("type").GetString());

        var connection = (await Run("consumerConnection", "-g", group)).Succeeded().Output;
        Assert.Contains(client.ClientId, connection);
        Assert.Contains("Below is subscription:", connection);
        Assert.Contains("MessageModel: CLUSTERING", connection);
        var connectionJson = (await Run("consumerConnection", "-g", group, "--json")).Json();
        Assert.Contains(connectionJson.GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("topic").GetString() == topic);
        var offline = await Run("consumerConnection", "-g", GatewayFixture.Unique("nobody"));
        Assert.Equal(1, offline.ExitCode);
        Assert.Contains("not online", offline.Error);

        var producers = (await Run("producerConnection", "-g", producerGroup, "-t", topic, "--json")).Json();
        Assert.Equal(client.ClientId, producers.GetProperty("connections")[0].GetProperty("clientId").GetString());
        Assert.StartsWith("#", (await Run("producerConnection", "-g", producerGroup, "-t", topic)).Succeeded().Output);

        // With the consumer online the broker resets (INVOKE_BROKER_TO_RESET_OFFSET) and tells it (220): it consumes
        // the four messages again, and no warning is needed.
        var live = await Run("resetOffsetByTime", "-g", group, "-t", topic, "-s", "0");
        Assert.Equal(0, live.ExitCode);
        Assert.Matches(@"(?m)^#brokerName\s+#queueId\s+#offset\s*$", live.Output);
        Assert.Matches(@"(?m)^broker-a\s+0\s+0\s*$", live.Output);
        Assert.DoesNotContain("warning", live.Error);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref received) >= 8), "the consumer receives the four messages again after the reset");
        await Eventually.TrueAsync(async () =>
        {
            var progress = await Run("consumerProgress", "-g", group, "-t", topic, "--json");
            return progress.ExitCode == 0 && progress.Json().GetProperty("diffTotal").GetInt64() == 0;
        }, "the consumer commits offset 4 again");
        var liveJson = (await Run("resetOffsetByTime", "-g", group, "-t", topic, "-s", DateTime.Now.AddMinutes(1).ToString("yyyy-MM-dd#HH:mm:ss:fff"), "--json")).Json();
        Assert.True(liveJson.GetProperty("pushedToClients").GetBoolean());
        Assert.Equal(4, liveJson.GetProperty("queues")[0].GetProperty("resetOffset").GetInt64());

        // Stop the consumer, then rewind the group to the beginning: no consumer is online (206), so the tool commits
        // the offsets itself (mqadmin's fallback): its committed offset goes back to 0.
        await consumer.DisposeAsync();
        var reset = await Run("resetOffsetByTime", "-g", group, "-t", topic, "-s", "0");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains($"rollback consumer offset by specified group[{group}], topic[{topic}], force[true]", reset.Output);
        Assert.Matches(@"(?m)^broker-a\s+0\s+4\s+4\s+0\s+0\s*$", reset.Output);
        var after = (await Run("consumerProgress", "-g", group, "-t", topic, "--json")).Json();
        Assert.Equal(4, after.GetProperty("diffTotal").GetInt64());

        // Without force an offset never moves forward; "now" is past every message.
        var notForced = (await Run("resetOffsetByTime", "-g", group, "-t", topic, "-s", "now", "-f", "false", "--json")).Json();
        Assert.Equal(0, notForced.GetProperty("queues")[0].GetProperty("resetOffset").GetInt64());
        var forced = (await Run("resetOffsetByTime", "-g", group, "-t", topic, "-s", DateTime.Now.AddMinutes(1).ToString("yyyy-MM-dd#HH:mm:ss:fff"), "--json")).Json();
        Assert.Equal(4, forced.GetProperty("queues")[0].GetProperty("resetOffset").GetInt64());
    }

    [Fact]
    public async Task Bad_flags_and_bad_values_fail_with_a_message()
    {
        var unknown = await AdminTool.RunAsync("topicList", "-n", N, "--nope");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--nope", unknown.Error);

        var missing = await AdminTool.RunAsync("updateTopic", "-n", N, "-b", gateway.BrokerAddr);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--topic", missing.Error);

        var noTarget = await AdminTool.RunAsync("updateTopic", "-n", N, "-t", "X");
        Assert.Equal(1, noTarget.ExitCode);
        Assert.Contains("-b/--brokerAddr", noTarget.Error);

        var badPerm = await AdminTool.RunAsync("updateTopic", "-n", N, "-b", gateway.BrokerAddr, "-t", "X", "-p", "9");
        Assert.Equal(1, badPerm.ExitCode);
        Assert.Contains("-p/--perm", badPerm.Error);

        var badName = await AdminTool.RunAsync("updateTopic", "-n", N, "-b", gateway.BrokerAddr, "-t", "bad topic!");
        Assert.Equal(1, badName.ExitCode);
        Assert.Contains("is not valid", badName.Error);

        var badTime = await AdminTool.RunAsync("resetOffsetByTime", "-n", N, "-g", "g", "-t", "T", "-s", "yesterday");
        Assert.Equal(1, badTime.ExitCode);
        Assert.Contains("yyyy-MM-dd#HH:mm:ss:SSS", badTime.Error);

        var unknownCluster = await AdminTool.RunAsync("deleteTopic", "-n", N, "-t", "X", "-c", "NoSuchCluster");
        Assert.Equal(1, unknownCluster.ExitCode);
        Assert.Contains("cluster 'NoSuchCluster' is not known", unknownCluster.Error);

        var queueWithoutBroker = await AdminTool.RunAsync("sendMessage", "-n", N, "-t", "X", "-p", "b", "-i", "0");
        Assert.Equal(1, queueWithoutBroker.ExitCode);
        Assert.Contains("Broker name must be set", queueWithoutBroker.Error);
    }

    [Fact]
    public async Task An_unreachable_name_server_is_one_line_naming_it()
    {
        var result = await AdminTool.RunAsync("clusterList", "-n", "127.0.0.1:1");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot reach the name server 127.0.0.1:1", line);
        Assert.Contains("NAMESRV_ADDR", line);
    }

    [Fact]
    public async Task A_broker_error_shows_its_code_and_remark()
    {
        var stats = await AdminTool.RunAsync("producerConnection", "-n", N, "-g", GatewayFixture.Unique("nobody"), "-t", await NewTopicAsync());
        Assert.Equal(1, stats.ExitCode);
        Assert.Matches(@"answered CODE 1 \(SystemError\): the producer group\[.*\] not exist", stats.Error);
    }
}
