using EventBroker.Client.Internal.Remoting;
using EventBroker.Client.Internal.Routing;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// The consumer-side requests to a queue's broker: pull (11), offsets (14, 15, 29, 30, 31) and the group's member list
/// (38). Pulls go to the master of the queue's broker, like every other request here.
/// </summary>
internal sealed class ConsumerRpc
{
    private readonly IRemotingClient _remoting;
    private readonly TopicRouteTable _routes;
    private readonly TimeSpan _timeout;

    public ConsumerRpc(IRemotingClient remoting, TopicRouteTable routes, TimeSpan timeout)
    {
        _remoting = remoting;
        _routes = routes;
        _timeout = timeout;
    }

    /// <param name="timeout">The socket wait: longer than the broker's suspend time for a long-polling pull.</param>
    public async Task<PullResult> PullAsync(MessageQueue queue, PullMessageRequestHeader header, SubscriptionData? filter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = await AddressAsync(queue, cancellationToken).ConfigureAwait(false);
        using var response = await _remoting.InvokeAsync(address, Responses.Request(RequestCode.PullMessage, header.EncodeTo), timeout, cancellationToken)
            .ConfigureAwait(false);
        var status = (ResponseCode)response.Code switch
        {
            ResponseCode.Success => PullStatus.Found,
            ResponseCode.PullNotFound => PullStatus.NoNewMessage,
            ResponseCode.PullRetryImmediately => PullStatus.NoMatchedMessage,
            ResponseCode.PullOffsetMoved => PullStatus.OffsetIllegal,
            _ => throw new BrokerResponseException(response.Code, response.Remark, address),
        };
        var offsets = PullMessageResponseHeader.Decode(response);
        IReadOnlyList<ReceivedMessage> messages = status == PullStatus.Found
            ? MessageDecoding.FromPull(response.Body.Span, queue, offsets.MinOffset, offsets.MaxOffset, filter)
            : [];
        return new PullResult(status, offsets.NextBeginOffset, offsets.MinOffset, offsets.MaxOffset, messages);
    }

    /// <summary>The committed offset, or -1 when the broker has none (22 QUERY_NOT_FOUND).</summary>
    public async Task<long> QueryConsumerOffsetAsync(string group, MessageQueue queue, CancellationToken cancellationToken)
    {
        var address = await AddressAsync(queue, cancellationToken).ConfigureAwait(false);
        var header = new QueryConsumerOffsetRequestHeader { ConsumerGroup = group, Topic = queue.Topic, QueueId = queue.QueueId };
        using var response = await _remoting.InvokeAsync(address, Responses.Request(RequestCode.QueryConsumerOffset, header.EncodeTo), _timeout, cancellationToken)
            .ConfigureAwait(false);
        if (response.Code == (int)ResponseCode.QueryNotFound)
        {
            return -1;
        }
        response.EnsureCode(address);
        return QueryConsumerOffsetResponseHeader.Decode(response).Offset;
    }

    /// <summary>UPDATE_CONSUMER_OFFSET: oneway for the periodic commits (as Java), awaited when it must have landed (shutdown).</summary>
    public async Task UpdateConsumerOffsetAsync(string group, MessageQueue queue, long offset, bool oneway, CancellationToken cancellationToken)
    {
        var address = await AddressAsync(queue, cancellationToken).ConfigureAwait(false);
        var header = new UpdateConsumerOffsetRequestHeader { ConsumerGroup = group, Topic = queue.Topic, QueueId = queue.QueueId, CommitOffset = offset };
        var request = Responses.Request(RequestCode.UpdateConsumerOffset, header.EncodeTo);
        if (oneway)
        {
            await _remoting.InvokeOnewayAsync(address, request, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var response = await _remoting.InvokeAsync(address, request, _timeout, cancellationToken).ConfigureAwait(false);
        response.EnsureCode(address);
    }

    public Task<long> GetMaxOffsetAsync(MessageQueue queue, CancellationToken cancellationToken) =>
        OffsetQueryAsync(queue, RequestCode.GetMaxOffset, new GetMaxOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId }.EncodeTo, cancellationToken);

    public Task<long> GetMinOffsetAsync(MessageQueue queue, CancellationToken cancellationToken) =>
        OffsetQueryAsync(queue, RequestCode.GetMinOffset, new GetMinOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId }.EncodeTo, cancellationToken);

    public Task<long> SearchOffsetAsync(MessageQueue queue, DateTimeOffset timestamp, CancellationToken cancellationToken) =>
        OffsetQueryAsync(queue, RequestCode.SearchOffsetByTimestamp,
            new SearchOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId, Timestamp = timestamp.ToUnixTimeMilliseconds() }.EncodeTo,
            cancellationToken);

    /// <summary>The group's member client ids as a broker of <paramref name="topic"/> knows them (findConsumerIdList).</summary>
    public async Task<List<string>> GetConsumerIdsAsync(string group, string topic, CancellationToken cancellationToken)
    {
        var address = _routes.FindAnyBrokerAddress(topic);
        if (address is null)
        {
            return [];
        }
        var header = new GetConsumerListByGroupRequestHeader { ConsumerGroup = group };
        using var response = await _remoting.InvokeAsync(address, Responses.Request(RequestCode.GetConsumerListByGroup, header.EncodeTo), _timeout, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureCode(address);
        return GetConsumerListByGroupResponseBody.FromJson(response.Body.Span).ConsumerIdList;
    }

    public async Task<string> AddressAsync(MessageQueue queue, CancellationToken cancellationToken)
    {
        var address = _routes.FindBrokerAddress(queue.BrokerName);
        if (address is null)
        {
            await _routes.UpdateAsync(queue.Topic, cancellationToken).ConfigureAwait(false);
            address = _routes.FindBrokerAddress(queue.BrokerName);
        }
        return address ?? throw new BrokerConnectionException($"no address is known for broker {queue.BrokerName}");
    }

    private async Task<long> OffsetQueryAsync(MessageQueue queue, RequestCode code, Action<RemotingCommand> encode, CancellationToken cancellationToken)
    {
        var address = await AddressAsync(queue, cancellationToken).ConfigureAwait(false);
        using var response = await _remoting.InvokeAsync(address, Responses.Request(code, encode), _timeout, cancellationToken).ConfigureAwait(false);
        response.EnsureCode(address);
        return OffsetResponseHeader.Decode(response).Offset;
    }
}
