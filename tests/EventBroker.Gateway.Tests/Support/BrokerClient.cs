using System.Buffers;
using System.Globalization;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Support;

/// <summary>Typed broker calls over a <see cref="RemotingTestClient"/>, the way a RocketMQ client makes them.</summary>
public static class BrokerClient
{
    public static async Task<RemotingCommand> SendAsync(this RemotingTestClient client, string topic, int queueId, string body,
        string? tags = null, string? keys = null, string? uniqKey = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var properties = new List<KeyValuePair<string, string>>();
        if (tags is not null)
        {
            properties.Add(new(MessageConst.Tags, tags));
        }
        if (keys is not null)
        {
            properties.Add(new(MessageConst.Keys, keys));
        }
        properties.Add(new(MessageConst.UniqKey, uniqKey ?? UniqueKey.Create()));
        properties.Add(new("WAIT", "true"));
        if (extra is not null)
        {
            properties.AddRange(extra);
        }
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "test_producer",
            Topic = topic,
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = queueId,
            SysFlag = 0,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Flag = 0,
            Properties = MessageProperties.Format(properties),
            ReconsumeTimes = 0,
            UnitMode = false,
            Batch = false,
        }.EncodeTo(request, v2: true);
        request.Body = System.Text.Encoding.UTF8.GetBytes(body);
        return await client.InvokeAsync(request).ConfigureAwait(false);
    }

    public static async Task<RemotingCommand> SendBatchAsync(this RemotingTestClient client, string topic, int queueId, IEnumerable<(string Body, string? Tags)> messages, int delayLevel = 0,
        IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var body = new ArrayBufferWriter<byte>();
        foreach (var (text, tags) in messages)
        {
            var props = new List<KeyValuePair<string, string>> { new(MessageConst.UniqKey, UniqueKey.Create()) };
            if (tags is not null)
            {
                props.Add(new(MessageConst.Tags, tags));
            }
            if (delayLevel > 0)
            {
                props.Add(new(MessageConst.Delay, delayLevel.ToString(CultureInfo.InvariantCulture)));
            }
            if (extra is not null)
            {
                props.AddRange(extra);
            }
            BatchMessageWriter.Write(body, 0, System.Text.Encoding.UTF8.GetBytes(text), MessageProperties.FormatUtf8(props));
        }
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendBatchMessage);
        new SendMessageRequestHeader
        {
            ProducerGroup = "test_producer",
            Topic = topic,
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = queueId,
            SysFlag = 0,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Flag = 0,
            Properties = "WAIT\u0001true",
            Batch = true,
        }.EncodeTo(request, v2: true);
        request.Body = body.WrittenMemory.ToArray();
        return await client.InvokeAsync(request).ConfigureAwait(false);
    }

    public static async Task<RemotingCommand> PullAsync(this RemotingTestClient client, string group, string topic, int queueId, long offset,
        string? subscription = "*", int maxMsgNums = 32, long suspendMillis = 0, TimeSpan? timeout = null, long? commitOffset = null)
    {
        var sysFlag = (commitOffset is not null ? 1 : 0) | (subscription is not null ? 4 : 0) | (suspendMillis > 0 ? 2 : 0);
        var request = RemotingCommand.CreateRequest((int)RequestCode.PullMessage);
        new PullMessageRequestHeader
        {
            ConsumerGroup = group,
            Topic = topic,
            QueueId = queueId,
            QueueOffset = offset,
            MaxMsgNums = maxMsgNums,
            SysFlag = sysFlag,
            CommitOffset = commitOffset ?? 0,
            SuspendTimeoutMillis = suspendMillis,
            Subscription = subscription,
            SubVersion = 0,
            ExpressionType = "TAG",
        }.EncodeTo(request);
        return await client.InvokeAsync(request, timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    public static long ExtLong(this RemotingCommand command, string key) =>
        long.Parse(command.GetExt(key) ?? throw new InvalidOperationException($"response has no '{key}': {command}"), CultureInfo.InvariantCulture);

    public static List<DecodedMessage> Messages(this RemotingCommand pullResponse) => DecodedMessage.DecodeAll(pullResponse.Body.Span);
}
