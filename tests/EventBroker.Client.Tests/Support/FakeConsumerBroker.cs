using System.Collections.Concurrent;
using System.Globalization;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Tests.Support;

/// <summary>
/// The consumer side of a broker behind <see cref="FakeRemoting"/>: one member in the group, committed offsets,
/// fixed max and search offsets, and queues holding the messages the test put there. Pulls are recorded.
/// </summary>
internal sealed class FakeConsumerBroker
{
    private readonly ConcurrentDictionary<(string Address, string Topic, int QueueId), List<byte[]>> _messages = new();

    public FakeConsumerBroker(FakeRemoting remoting, string clientId)
    {
        ClientId = clientId;
        remoting.OnBroker = HandleAsync;
    }

    public string ClientId { get; }

    public ConcurrentDictionary<(string Address, string Topic, int QueueId), long> Committed { get; } = new();

    public long MaxOffset { get; set; } = 100;

    public long SearchOffset { get; set; } = 42;

    public ConcurrentQueue<(string Address, PullMessageRequestHeader Header)> Pulls { get; } = new();

    public void Put(string address, string topic, int queueId, int count)
    {
        var list = _messages.GetOrAdd((address, topic, queueId), _ => []);
        lock (list)
        {
            for (var i = 0; i < count; i++)
            {
                list.Add(new DecodedMessage
                {
                    Topic = topic,
                    QueueId = queueId,
                    QueueOffset = list.Count,
                    Body = "x"u8.ToArray(),
                    Properties = new Dictionary<string, string> { [MessageConst.UniqKey] = $"{topic}-{queueId}-{list.Count}" },
                }.Encode());
            }
        }
    }

    /// <summary>The first pull of each queue.</summary>
    public List<(string Address, PullMessageRequestHeader Header)> FirstPulls() =>
        Pulls.GroupBy(p => (p.Address, p.Header.Topic, p.Header.QueueId)).Select(g => g.First()).ToList();

    private async Task<RemotingCommand> HandleAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        switch ((RequestCode)request.Code)
        {
            case RequestCode.GetConsumerListByGroup:
                var members = RemotingCommand.CreateResponse(request, ResponseCode.Success);
                members.Body = new GetConsumerListByGroupResponseBody { ConsumerIdList = [ClientId] }.ToJson();
                return members;
            case RequestCode.QueryConsumerOffset:
                var query = QueryConsumerOffsetRequestHeader.Decode(request);
                if (!Committed.TryGetValue((address, query.Topic, query.QueueId), out var committed))
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound);
                }
                return Offset(request, committed);
            case RequestCode.UpdateConsumerOffset:
                var update = UpdateConsumerOffsetRequestHeader.Decode(request);
                Committed[(address, update.Topic, update.QueueId)] = update.CommitOffset;
                return RemotingCommand.CreateResponse(request, ResponseCode.Success);
            case RequestCode.GetMaxOffset:
                return Offset(request, MaxOffset);
            case RequestCode.SearchOffsetByTimestamp:
                return Offset(request, SearchOffset);
            case RequestCode.PullMessage:
                return await PullAsync(address, request, cancellationToken);
            default:
                return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }
    }

    private async Task<RemotingCommand> PullAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        var header = PullMessageRequestHeader.Decode(request);
        Pulls.Enqueue((address, header));
        byte[][] found;
        var list = _messages.GetOrAdd((address, header.Topic, header.QueueId), _ => []);
        lock (list)
        {
            found = list.Skip((int)header.QueueOffset).Take(header.MaxMsgNums).ToArray();
        }
        if (found.Length == 0)
        {
            // A long poll that finds nothing: hold it a little, as the broker would, then answer "no new message".
            await Task.Delay(100, cancellationToken);
        }
        var response = RemotingCommand.CreateResponse(request, found.Length > 0 ? ResponseCode.Success : ResponseCode.PullNotFound);
        new PullMessageResponseHeader { NextBeginOffset = header.QueueOffset + found.Length, MaxOffset = list.Count }.EncodeTo(response);
        response.Body = found.SelectMany(r => r).ToArray();
        return response;
    }

    private static RemotingCommand Offset(RemotingCommand request, long offset)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.AddExt("offset", offset.ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
