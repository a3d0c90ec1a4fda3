using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

public static class RequestReply
{
    /// <summary>Makes the connection the requester's: a heartbeat with its client id, as the Java producer sends.</summary>
    public static async Task RegisterRequesterAsync(RemotingTestClient client, string clientId)
    {
        var heartbeat = Requests.Create(RequestCode.HeartBeat);
        var data = new HeartbeatData { ClientID = clientId };
        data.ProducerDataSet.Add(new ProducerData { GroupName = "requesters" });
        heartbeat.Body = data.ToJson();
        using var response = await client.InvokeAsync(heartbeat);
        Assert.Equal(0, response.Code);
    }

    public static async Task<RemotingCommand> ReplyAsync(RemotingTestClient replier, string requesterId, string correlationId, string body)
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendReplyMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "responders",
            Topic = "DefaultCluster_REPLY_TOPIC",
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = 0,
            SysFlag = 0,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Flag = 0,
            Batch = false,
            Properties = MessageProperties.Format([new("CORRELATION_ID", correlationId), new("REPLY_TO_CLIENT", requesterId), new("MSG_TYPE", "reply"), new("CLUSTER", "DefaultCluster")]),
        }.EncodeTo(request, v2: true);
        request.Body = Encoding.UTF8.GetBytes(body);
        return await replier.InvokeAsync(request);
    }

    public static async Task<RemotingCommand> ReceivePushAsync(RemotingTestClient requester)
    {
        while (true)
        {
            var command = await requester.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            if (command.Code == (int)RequestCode.PushReplyMessageToClient)
            {
                return command;
            }
        }
    }
}

public sealed class RequestReplyTests
{
    [Fact]
    public async Task A_reply_is_stored_and_pushed_to_the_requesters_connection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var requester = await gateway.ConnectBrokerAsync();
        await using var replier = await gateway.ConnectBrokerAsync();
        await RequestReply.RegisterRequesterAsync(requester, "10.0.0.1@req");

        using var reply = await RequestReply.ReplyAsync(replier, "10.0.0.1@req", "corr-1", "the answer");
        Assert.Equal(0, reply.Code);

        using var push = await RequestReply.ReceivePushAsync(requester);
        Assert.Equal("the answer", Encoding.UTF8.GetString(push.Body.Span));
        var properties = MessageProperties.Parse(push.GetExt("properties"));
        Assert.Equal("corr-1", properties["CORRELATION_ID"]);
        Assert.True(properties.ContainsKey("PUSH_REPLY_TIME"));
        Assert.Equal("DefaultCluster_REPLY_TOPIC", push.GetExt("topic"));
        Assert.Contains(':', push.GetExt("bornHost")!);

        using var stored = await replier.PullAsync("g", "DefaultCluster_REPLY_TOPIC", 0, 0);
        Assert.Equal("the answer", Encoding.UTF8.GetString(Assert.Single(stored.Messages()).Body));
    }

    [Fact]
    public async Task A_reply_without_reply_to_client_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var replier = await gateway.ConnectBrokerAsync();
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendReplyMessageV2);
        new SendMessageRequestHeader
        {
            ProducerGroup = "responders",
            Topic = "DefaultCluster_REPLY_TOPIC",
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = 0,
            SysFlag = 0,
            BornTimestamp = 0,
            Flag = 0,
            Batch = false,
            Properties = "CORRELATION_ID\u0001x",
        }.EncodeTo(request, v2: true);
        request.Body = "x"u8.ToArray();
        using var response = await replier.InvokeAsync(request);
        Assert.Equal((int)ResponseCode.MessageIllegal, response.Code);
        Assert.Contains("REPLY_TO_CLIENT", response.Remark);
    }
}
