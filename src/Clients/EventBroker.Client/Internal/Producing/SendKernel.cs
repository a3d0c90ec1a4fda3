using EventBroker.Client.Internal.Remoting;
using EventBroker.Client.Internal.Routing;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Producing;

/// <summary>One send attempt to one queue (DefaultMQProducerImpl.sendKernelImpl + MQClientAPIImpl.processSendResponse).</summary>
internal sealed class SendKernel
{
    private readonly IRemotingClient _remoting;
    private readonly TopicRouteTable _routes;
    private readonly string _group;
    private readonly int _defaultTopicQueueNums;

    public SendKernel(IRemotingClient remoting, TopicRouteTable routes, string group, int defaultTopicQueueNums)
    {
        _remoting = remoting;
        _routes = routes;
        _group = group;
        _defaultTopicQueueNums = defaultTopicQueueNums;
    }

    /// <param name="uniqueKeys">What the result reports as the message id (comma-joined for a batch).</param>
    public async Task<SendResult> SendAsync(
        EncodedMessage message, int flag, MessageQueue queue, bool batch, string uniqueKeys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = await AddressOfAsync(queue, cancellationToken).ConfigureAwait(false);
        var request = BuildRequest(message, flag, queue, batch);
        using var response = await _remoting.InvokeAsync(address, request, timeout, cancellationToken).ConfigureAwait(false);
        return ToResult(response, address, queue, uniqueKeys);
    }

    public async Task SendOnewayAsync(EncodedMessage message, int flag, MessageQueue queue, CancellationToken cancellationToken)
    {
        var address = await AddressOfAsync(queue, cancellationToken).ConfigureAwait(false);
        await _remoting.InvokeOnewayAsync(address, BuildRequest(message, flag, queue, batch: false), cancellationToken).ConfigureAwait(false);
    }

    public RemotingCommand BuildRequest(EncodedMessage message, int flag, MessageQueue queue, bool batch)
    {
        var header = new SendMessageRequestHeader
        {
            ProducerGroup = _group,
            Topic = queue.Topic,
            DefaultTopic = Names.AutoCreateTopic,
            DefaultTopicQueueNums = _defaultTopicQueueNums,
            QueueId = queue.QueueId,
            SysFlag = message.SysFlag,
            BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Flag = flag,
            Properties = message.Properties,
            ReconsumeTimes = message.ReconsumeTimes ?? 0,
            UnitMode = false,
            MaxReconsumeTimes = message.MaxReconsumeTimes,
            Batch = batch,
        };
        var code = message.IsReply ? RequestCode.SendReplyMessageV2 : batch ? RequestCode.SendBatchMessage : RequestCode.SendMessageV2;
        var request = Responses.Request(code, body: message.Body);
        header.EncodeTo(request, v2: true);
        return request;
    }

    /// <summary>Codes 10, 11 and 12 mean stored with degraded durability; anything but those and 0 is the broker's error.</summary>
    public static SendResult ToResult(RemotingCommand response, string address, MessageQueue queue, string uniqueKeys)
    {
        var status = (ResponseCode)response.Code switch
        {
            ResponseCode.Success => SendStatus.SendOk,
            ResponseCode.FlushDiskTimeout => SendStatus.FlushDiskTimeout,
            ResponseCode.FlushSlaveTimeout => SendStatus.FlushSlaveTimeout,
            ResponseCode.SlaveNotAvailable => SendStatus.SlaveNotAvailable,
            _ => throw new BrokerResponseException(response.Code, response.Remark, address),
        };
        var header = SendMessageResponseHeader.Decode(response);
        return new SendResult(status, uniqueKeys, header.MsgId, queue with { QueueId = header.QueueId }, header.QueueOffset)
        {
            TransactionId = header.TransactionId,
            RegionId = header.MsgRegion ?? SendMessageResponseHeader.DefaultRegion,
            TraceOn = header.TraceOn ?? false,
        };
    }

    private async Task<string> AddressOfAsync(MessageQueue queue, CancellationToken cancellationToken)
    {
        var address = _routes.FindBrokerAddress(queue.BrokerName);
        if (address is null)
        {
            await _routes.UpdateAsync(queue.Topic, cancellationToken).ConfigureAwait(false);
            address = _routes.FindBrokerAddress(queue.BrokerName);
        }
        return address ?? throw new BrokerConnectionException($"no address is known for broker {queue.BrokerName}");
    }
}
