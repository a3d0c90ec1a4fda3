using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>Consumer offsets (14, 15) and queue offsets (29, 30, 31, 32).</summary>
public sealed class OffsetProcessor(QueueStore queues, IRoutingStore routing)
{
    /// <summary>
    /// QUERY_CONSUMER_OFFSET with RocketMQ's fresh-queue rule: a group with no committed offset on a queue whose min
    /// offset is 0 starts at 0 (it sees everything ever sent); otherwise 22, and the client applies consumeFromWhere.
    /// </summary>
    public async ValueTask<RemotingCommand> QueryConsumerOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = QueryConsumerOffsetRequestHeader.Decode(request);
        var offset = await routing.GetOffsetAsync(connection.Broker!.Name, header.ConsumerGroup, header.Topic, header.QueueId, ct).ConfigureAwait(false);
        if (offset is null)
        {
            var bounds = await queues.GetBoundsAsync(connection.Broker!, header.Topic, header.QueueId, ct).ConfigureAwait(false);
            if (bounds.FirstRevision > 0)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound, "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
            }
            offset = 0;
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new QueryConsumerOffsetResponseHeader { Offset = offset.Value }.EncodeTo(response);
        return response;
    }

    /// <summary>Commits on the logical broker whose port the request came in on: each broker keeps its own offsets.</summary>
    public async ValueTask<RemotingCommand> UpdateConsumerOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = UpdateConsumerOffsetRequestHeader.Decode(request);
        await routing.CommitOffsetAsync(connection.Broker!.Name, header.ConsumerGroup, header.Topic, header.QueueId, header.CommitOffset, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> GetMaxOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = GetMaxOffsetRequestHeader.Decode(request);
        var bounds = await queues.GetBoundsAsync(connection.Broker!, header.Topic, header.QueueId, ct).ConfigureAwait(false);
        return OffsetResponse(request, bounds.NextRevision);
    }

    public async ValueTask<RemotingCommand> GetMinOffsetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = GetMinOffsetRequestHeader.Decode(request);
        var bounds = await queues.GetBoundsAsync(connection.Broker!, header.Topic, header.QueueId, ct).ConfigureAwait(false);
        return OffsetResponse(request, bounds.FirstRevision);
    }

    /// <summary>The first offset whose store time is at or after the timestamp; the max offset when all are older.</summary>
    public async ValueTask<RemotingCommand> SearchOffsetByTimestampAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = SearchOffsetRequestHeader.Decode(request);
        var stream = queues.StreamName(connection.Broker!, header.Topic, header.QueueId);
        var offset = await queues.Store.FindRevisionByTimeAsync(stream, header.Timestamp, ct).ConfigureAwait(false);
        return OffsetResponse(request, offset);
    }

    public async ValueTask<RemotingCommand> GetEarliestMsgStoreTimeAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = GetEarliestMsgStoretimeRequestHeader.Decode(request);
        var stream = queues.StreamName(connection.Broker!, header.Topic, header.QueueId);
        var first = await queues.Store.GetFirstTimestampAsync(stream, ct).ConfigureAwait(false);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.AddExt("timestamp", (first ?? -1).ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private static RemotingCommand OffsetResponse(RemotingCommand request, long offset)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.AddExt("offset", offset.ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
