using System.Globalization;
using System.Net;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Cluster;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// SEND_REPLY_MESSAGE (324) and _V2 (325): a responder's reply is stored in &lt;cluster&gt;_REPLY_TOPIC and pushed
/// to the requester as PUSH_REPLY_MESSAGE_TO_CLIENT (326) on the connection whose client id is the message's
/// REPLY_TO_CLIENT — on whichever gateway holds it.
/// </summary>
public sealed class ReplyMessageProcessor(TopicService topics, QueueStore queues, ClientCaller clients, BrokerStats stats, IOptions<BrokerOptions> options, TimeProvider time)
{
    public async ValueTask<RemotingCommand> ReplyAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var broker = connection.Broker!;
        var header = SendMessageRequestHeader.Decode(request);
        var properties = header.Properties ?? "";
        var replyTo = StoredRecords.FindProperty(properties, "REPLY_TO_CLIENT").ToString();
        if (replyTo.Length == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, "the reply message has no REPLY_TO_CLIENT property: send replies with the requester's message's properties");
        }
        if (!NameRules.IsValidTopic(header.Topic))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"The specified topic[{header.Topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
        }
        var topic = await topics.GetOrAutoCreateForSendAsync(header.Topic, header.DefaultTopic, header.DefaultTopicQueueNums, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, $"topic[{header.Topic}] not exist, apply first please!");
        }
        var queueId = header.QueueId < 0 || header.QueueId >= topic.WriteQueueNums ? 0 : header.QueueId;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var born = connection.RemoteIPEndPoint ?? new IPEndPoint(IPAddress.Loopback, 0);

        var built = StoredRecords.Build(new OutgoingRecord(header.Topic, queueId, header.Flag, header.SysFlag, header.BornTimestamp, born, now,
            broker.StoreHost, header.ReconsumeTimes ?? 0, request.Body.Span, properties, options.Value.ClusterName));
        AppendResult result;
        try
        {
            result = await queues.Store.AppendAsync(queues.StreamName(broker, header.Topic, queueId),
                new[] { new EventToAppend(built.EventId, built.Buffer.AsMemory(0, built.Length), now) }, null, ct).ConfigureAwait(false);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(built.Buffer);
        }
        stats.RecordPut(header.Topic, 1);

        var push = RemotingCommand.CreateRequest((int)RequestCode.PushReplyMessageToClient);
        push.Language = LanguageCode.JAVA;
        var pushProperties = StoredRecords.MergeProperties(properties,
            $"PUSH_REPLY_TIME\u0001{now.ToString(CultureInfo.InvariantCulture)}\u0002CLUSTER\u0001{options.Value.ClusterName}");
        void Ext(string key, object value) => push.AddExt(key, Convert.ToString(value, CultureInfo.InvariantCulture)!);
        Ext("producerGroup", header.ProducerGroup);
        Ext("topic", header.Topic);
        Ext("defaultTopic", header.DefaultTopic ?? "TBW102");
        Ext("defaultTopicQueueNums", header.DefaultTopicQueueNums);
        Ext("queueId", queueId);
        Ext("sysFlag", header.SysFlag);
        Ext("bornTimestamp", header.BornTimestamp);
        Ext("flag", header.Flag);
        Ext("properties", pushProperties);
        Ext("reconsumeTimes", header.ReconsumeTimes ?? 0);
        Ext("unitMode", header.UnitMode ? "true" : "false");
        Ext("bornHost", $"{born.Address}:{born.Port}");
        Ext("storeHost", $"{broker.StoreHost.Address}:{broker.StoreHost.Port}");
        Ext("storeTimestamp", now);
        push.Body = request.Body.ToArray();
        await clients.SendAsync(replyTo, push, oneway: false, ct).ConfigureAwait(false);

        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new SendMessageResponseHeader
        {
            MsgId = MessageId.CreateOffsetMsgId(broker.StoreHost, result.Events[0].Position),
            QueueId = queueId,
            QueueOffset = result.Events[0].Revision,
        }.EncodeTo(response);
        return response;
    }
}
