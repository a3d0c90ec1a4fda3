using System.Globalization;
using System.Net;
using EventBroker.Client.Internal.Consuming;
using EventBroker.Client.Internal.Producing;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Instance;

/// <summary>
/// Requests brokers send to this client (ClientRemotingProcessor): 40 rebalance now, 39 transaction check-back, 326 a
/// reply to a request, 220 reset offsets, 221 consumer status, 307 running info, 309 consume one message now.
/// 40, 39 and 220 get no response, as in Java; an unknown code gets 3 REQUEST_CODE_NOT_SUPPORTED.
/// </summary>
internal sealed class ServerRequests : IServerRequestHandler
{
    private readonly ClientInstance _instance;
    private readonly ILogger _logger;

    public ServerRequests(ClientInstance instance, ILogger logger)
    {
        _instance = instance;
        _logger = logger;
    }

    public async ValueTask<RemotingCommand?> HandleAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        switch ((RequestCode)request.Code)
        {
            case RequestCode.NotifyConsumerIdsChanged:
                ClientLog.ConsumerIdsChanged(_logger, request.GetExt("consumerGroup"), address);
                _instance.RebalanceSoon();
                return null;
            case RequestCode.CheckTransactionState:
                CheckTransactionState(address, request);
                return null;
            case RequestCode.PushReplyMessageToClient:
                return ReceiveReply(request);
            case RequestCode.ResetConsumerClientOffset:
                await ResetOffsetAsync(request, cancellationToken).ConfigureAwait(false);
                return null;
            case RequestCode.GetConsumerStatusFromClient:
                return WithConsumer(request, request.GetExt("group"), static (consumer, request) => consumer.ConsumerStatus(request));
            case RequestCode.GetConsumerRunningInfo:
                return WithConsumer(request, request.GetExt("consumerGroup"), static (consumer, request) => consumer.RunningInfo(request));
            case RequestCode.ConsumeMessageDirectly:
                return await ConsumeMessageDirectlyAsync(request).ConfigureAwait(false);
            default:
                return RemotingCommand.CreateResponse(request, ResponseCode.RequestCodeNotSupported, $" request type {request.Code} not supported");
        }
    }

    private void CheckTransactionState(string address, RemotingCommand request)
    {
        var header = CheckTransactionStateRequestHeader.Decode(request);
        var half = MessageDecoding.FromRecord(DecodedMessage.Decode(request.Body.Span), "", null);
        var group = half.GetProperty(MessageConst.PGroup);
        if (group is null || _instance.FindProducer(group) is not { Checker: not null } producer)
        {
            ClientLog.NoTransactionChecker(_logger, group, address);
            return;
        }
        _ = producer.CheckTransactionStateAsync(address, half, header);
    }

    /// <summary>receiveReplyMessage: the reply is rebuilt from the header and handed to the waiting request.</summary>
    private RemotingCommand ReceiveReply(RemotingCommand request)
    {
        var sysFlag = int.Parse(request.GetExt("sysFlag") ?? "0", CultureInfo.InvariantCulture);
        var body = request.Body.Span;
        var properties = MessageProperties.Parse(request.GetExt("properties"));
        properties[MessageConst.ArriveTime] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var reply = new ReceivedMessage(request.GetExt("topic") ?? "", MessageSysFlag.IsCompressed(sysFlag) ? MessageEncoder.Decompress(body) : body.ToArray(), properties)
        {
            QueueId = ParseInt(request.GetExt("queueId")),
            Flag = ParseInt(request.GetExt("flag")),
            SysFlag = sysFlag,
            ReconsumeTimes = ParseInt(request.GetExt("reconsumeTimes")),
            BornTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(ParseLong(request.GetExt("bornTimestamp"))),
            StoreTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(ParseLong(request.GetExt("storeTimestamp"))),
            BornHost = ParseHost(request.GetExt("bornHost")),
            StoreHost = ParseHost(request.GetExt("storeHost")),
        };
        if (!_instance.Replies.Complete(reply))
        {
            ClientLog.UnmatchedReply(_logger, reply.GetProperty(MessageConst.CorrelationId));
        }
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private async Task ResetOffsetAsync(RemotingCommand request, CancellationToken cancellationToken)
    {
        if (_instance.FindConsumer(request.GetExt("group") ?? "") is PushConsumer consumer)
        {
            await consumer.ResetOffsetsAsync(request.GetExt("topic") ?? "", request.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RemotingCommand> ConsumeMessageDirectlyAsync(RemotingCommand request)
    {
        var group = request.GetExt("consumerGroup");
        if (_instance.FindConsumer(group ?? "") is not PushConsumer consumer)
        {
            return NoSuchConsumer(request, group);
        }
        var message = MessageDecoding.FromRecord(DecodedMessage.Decode(request.Body.Span), request.GetExt("brokerName") ?? "", null);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = await consumer.ConsumeDirectlyAsync(message).ConfigureAwait(false);
        return response;
    }

    private RemotingCommand WithConsumer(RemotingCommand request, string? group, Func<PushConsumer, RemotingCommand, byte[]> body)
    {
        if (_instance.FindConsumer(group ?? "") is not PushConsumer consumer)
        {
            return NoSuchConsumer(request, group);
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body(consumer, request);
        return response;
    }

    private static RemotingCommand NoSuchConsumer(RemotingCommand request, string? group) =>
        RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"The Consumer Group <{group}> not exist in this consumer");

    private static int ParseInt(string? text) => int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long ParseLong(string? text) => long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static IPEndPoint? ParseHost(string? text) => IPEndPoint.TryParse(text?.TrimStart('/') ?? "", out var endpoint) ? endpoint : null;
}
