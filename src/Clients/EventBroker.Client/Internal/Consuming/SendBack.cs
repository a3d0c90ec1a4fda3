using System.Globalization;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// Returns unconsumed messages to the broker for redelivery (DefaultMQPushConsumerImpl.sendMessageBack):
/// CONSUMER_SEND_MSG_BACK to the message's broker, and if that fails, the Java client's fallback of sending a copy to
/// <c>%RETRY%group</c> with DELAY = 3 + reconsumeTimes through the client's inner producer.
/// </summary>
internal sealed class SendBack
{
    /// <summary>The Java consumer's send-back timeout.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly IRemotingClient _remoting;
    private readonly ConsumerRpc _rpc;
    private readonly Func<IProducer> _innerProducer;
    private readonly string _group;
    private readonly int _maxReconsumeTimes;
    private readonly ILogger _logger;

    public SendBack(IRemotingClient remoting, ConsumerRpc rpc, Func<IProducer> innerProducer, string group, int maxReconsumeTimes, ILogger logger)
    {
        _remoting = remoting;
        _rpc = rpc;
        _innerProducer = innerProducer;
        _group = group;
        _maxReconsumeTimes = maxReconsumeTimes;
        _logger = logger;
    }

    /// <returns>False when neither the send-back nor the fallback worked: the caller must redeliver locally.</returns>
    public async Task<bool> SendAsync(ReceivedMessage message, int delayLevel, CancellationToken cancellationToken)
    {
        try
        {
            await ConsumerSendMessageBackAsync(message, delayLevel, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is EventBrokerException or RemotingProtocolException)
        {
            ClientLog.SendBackFailed(_logger, message.MessageId, _group, ex.Message);
        }
        try
        {
            await _innerProducer().SendAsync(RetryCopy(message, message.ReconsumeTimes + 1), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is EventBrokerException or ArgumentException)
        {
            ClientLog.SendBackFallbackFailed(_logger, message.MessageId, _group, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Orderly consumption's send-back once a message reached its maximum (ConsumeMessageOrderlyService.sendMessageBack):
    /// always a copy to the retry topic, whose reconsumeTimes makes the broker move it to the DLQ.
    /// </summary>
    public async Task<bool> SendToRetryTopicAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _innerProducer().SendAsync(RetryCopy(message, message.ReconsumeTimes), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is EventBrokerException or ArgumentException)
        {
            ClientLog.SendBackFallbackFailed(_logger, message.MessageId, _group, ex.Message);
            return false;
        }
    }

    private async Task ConsumerSendMessageBackAsync(ReceivedMessage message, int delayLevel, CancellationToken cancellationToken)
    {
        string address;
        if (!string.IsNullOrEmpty(message.BrokerName))
        {
            address = await _rpc.AddressAsync(new MessageQueue(message.Topic, message.BrokerName, message.QueueId), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            address = message.StoreHost?.ToString() ?? throw new BrokerConnectionException("the message names no broker to send it back to");
        }
        var header = new ConsumerSendMsgBackRequestHeader
        {
            Offset = message.CommitLogOffset,
            Group = _group,
            DelayLevel = delayLevel,
            OriginMsgId = message.MessageId,
            OriginTopic = message.Topic,
            UnitMode = false,
            MaxReconsumeTimes = _maxReconsumeTimes,
        };
        using var response = await _remoting.InvokeAsync(address, Responses.Request(RequestCode.ConsumerSendMsgBack, header.EncodeTo), Timeout, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureCode(address);
    }

    /// <summary>The message as the Java fallback re-sends it: same body, flag and properties, marked for the retry topic.</summary>
    private Message RetryCopy(ReceivedMessage message, int reconsumeTimes)
    {
        var properties = message.CopyProperties();
        properties[MessageConst.OriginMessageId] = message.GetProperty(MessageConst.OriginMessageId) is { Length: > 0 } origin ? origin : message.MessageId;
        properties[MessageConst.RetryTopic] = message.Topic;
        properties[MessageConst.ReconsumeTime] = reconsumeTimes.ToString(CultureInfo.InvariantCulture);
        properties[MessageConst.MaxReconsumeTimes] = _maxReconsumeTimes.ToString(CultureInfo.InvariantCulture);
        properties[MessageConst.Delay] = (3 + message.ReconsumeTimes).ToString(CultureInfo.InvariantCulture);
        properties.Remove(MessageConst.TranMsg);
        return new Message(Names.RetryTopic(_group), message.Body)
        {
            Flag = message.Flag,
            WaitStoreMessageOk = !string.Equals(properties.GetValueOrDefault(MessageConst.Wait), "false", StringComparison.OrdinalIgnoreCase),
            SystemProperties = properties,
        };
    }
}
