using System.Diagnostics;
using System.Globalization;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Producing;

/// <summary>Request-reply (DefaultMQProducerImpl.request): the broker pushes the reply to this client by its client id.</summary>
internal sealed partial class Producer
{
    public async ValueTask<ReceivedMessage> RequestAsync(Message request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        MessageEncoder.Validate(request, _options.MaxMessageSize);
        var started = Stopwatch.GetTimestamp();
        var correlationId = Guid.NewGuid().ToString();
        var system = request.SystemProperties is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(request.SystemProperties, StringComparer.Ordinal);
        system[MessageConst.CorrelationId] = correlationId;
        system[MessageConst.ReplyToClient] = _instance.ClientId;
        system[MessageConst.Ttl] = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        request = request with { SystemProperties = system };

        // The broker finds this client's connection by the id its heartbeat announced: make sure the topic's brokers
        // have had one before the reply can come back (prepareSendRequest).
        var known = _instance.Routes.GetRoute(request.Topic) is not null;
        await PublishInfoAsync(request.Topic, cancellationToken).ConfigureAwait(false);
        if (!known)
        {
            await _instance.SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
        }

        var reply = _instance.Replies.Register(correlationId);
        try
        {
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            return await reply.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BrokerTimeoutException($"no reply to the request on topic {request.Topic} within {timeout.TotalMilliseconds:0} ms (correlation id {correlationId})");
        }
        finally
        {
            _instance.Replies.Remove(correlationId);
        }
    }
}
