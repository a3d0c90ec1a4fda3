using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Cli.Infrastructure;

/// <summary>
/// Reads a queue as mqadmin's pull consumer does: PULL_MESSAGE without long polling and without committing, a "*"
/// subscription, offsets found by SEARCH_OFFSET_BY_TIMESTAMP or GET_MIN/MAX_OFFSET.
/// </summary>
internal sealed class QueueReader
{
    /// <summary>MixAll.TOOLS_CONSUMER_GROUP: the group mqadmin pulls as when none is given.</summary>
    public const string ToolsConsumerGroup = "TOOLS_CONSUMER";

    private readonly CommandContext _ctx;
    private readonly string _group;

    public QueueReader(CommandContext ctx, string? group)
    {
        _ctx = ctx;
        _group = string.IsNullOrWhiteSpace(group) ? ToolsConsumerGroup : group;
    }

    /// <summary>Up to <paramref name="max"/> messages from <paramref name="offset"/>, stopping before <paramref name="endOffset"/>.</summary>
    public async Task<List<DecodedMessage>> ReadAsync(string address, MessageQueue queue, long offset, long endOffset, int max)
    {
        var messages = new List<DecodedMessage>();
        while (messages.Count < max && offset < endOffset)
        {
            var header = new PullMessageRequestHeader
            {
                ConsumerGroup = _group,
                Topic = queue.Topic,
                QueueId = queue.QueueId,
                QueueOffset = offset,
                MaxMsgNums = (int)Math.Min(32, Math.Min(max - messages.Count, endOffset - offset)),
                SysFlag = 4, // subscription present; no commit, no suspend
                CommitOffset = 0,
                SuspendTimeoutMillis = 0,
                Subscription = "*",
                SubVersion = 0,
                ExpressionType = "TAG",
            };
            using var response = await _ctx.Session.InvokeAsync(
                address,
                Responses.Request(RequestCode.PullMessage, header.EncodeTo),
                _ctx.Cancellation,
                ResponseCode.PullNotFound,
                ResponseCode.PullRetryImmediately,
                ResponseCode.PullOffsetMoved).ConfigureAwait(false);
            if (response.Code != (int)ResponseCode.Success)
            {
                break;
            }
            var batch = DecodedMessage.DecodeAll(response.Body.Span);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var message in batch)
            {
                if (message.QueueOffset >= endOffset || messages.Count >= max)
                {
                    return messages;
                }
                messages.Add(message);
            }
            offset = PullMessageResponseHeader.Decode(response).NextBeginOffset;
        }
        return messages;
    }

    public async Task<long> SearchOffsetAsync(string address, MessageQueue queue, long timestamp)
    {
        var header = new SearchOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId, Timestamp = timestamp };
        using var response = await _ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.SearchOffsetByTimestamp, header.EncodeTo), _ctx.Cancellation).ConfigureAwait(false);
        return OffsetResponseHeader.Decode(response).Offset;
    }

    public async Task<long> MinOffsetAsync(string address, MessageQueue queue)
    {
        var header = new GetMinOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId };
        using var response = await _ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.GetMinOffset, header.EncodeTo), _ctx.Cancellation).ConfigureAwait(false);
        return OffsetResponseHeader.Decode(response).Offset;
    }

    public async Task<long> MaxOffsetAsync(string address, MessageQueue queue)
    {
        var header = new GetMaxOffsetRequestHeader { Topic = queue.Topic, QueueId = queue.QueueId };
        using var response = await _ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.GetMaxOffset, header.EncodeTo), _ctx.Cancellation).ConfigureAwait(false);
        return OffsetResponseHeader.Decode(response).Offset;
    }
}
