using System.Collections.Concurrent;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Tests.Support;

/// <summary>
/// Canned answers in place of the network: a name server at <see cref="NameServer"/> routing every topic to broker-a
/// (a:10911) and broker-b (b:10911) with four queues each (a retry topic to broker-a with one), heartbeats accepted,
/// and other broker requests answered by <see cref="OnBroker"/>. Every request is recorded.
/// </summary>
internal sealed class FakeRemoting : IRemotingClient
{
    public const string NameServer = "ns:9876";
    public const string BrokerA = "a:10911";
    public const string BrokerB = "b:10911";

    private long _offset;

    public ConcurrentQueue<(string Address, RemotingCommand Request)> Requests { get; } = new();

    /// <summary>Answers a broker request; the default stores every send.</summary>
    public Func<string, RemotingCommand, CancellationToken, Task<RemotingCommand>> OnBroker { get; set; }

    public FakeRemoting()
    {
        OnBroker = (_, request, _) => Task.FromResult(Stored(request));
    }

    public static EventBrokerClientOptions Options => new() { NameServers = [NameServer] };

    public IEnumerable<(string Address, RemotingCommand Request)> Sends =>
        Requests.Where(r => r.Request.Code is (int)RequestCode.SendMessageV2 or (int)RequestCode.SendBatchMessage);

    public Task<RemotingCommand> InvokeAsync(string address, RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Requests.Enqueue((address, request));
        if (address == NameServer)
        {
            return Task.FromResult(Route(request));
        }
        if (request.Code == (int)RequestCode.HeartBeat || request.Code == (int)RequestCode.UnregisterClient)
        {
            return Task.FromResult(RemotingCommand.CreateResponse(request, ResponseCode.Success));
        }
        return OnBroker(address, request, cancellationToken);
    }

    public ValueTask InvokeOnewayAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        request.Flag |= RemotingCommand.OnewayFlag;
        Requests.Enqueue((address, request));
        return ValueTask.CompletedTask;
    }

    /// <summary>A successful send response for <paramref name="request"/>.</summary>
    public RemotingCommand Stored(RemotingCommand request)
    {
        var header = SendMessageRequestHeader.Decode(request);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new SendMessageResponseHeader
        {
            MsgId = "7F00000100002A9F0000000000000000",
            QueueId = header.QueueId,
            QueueOffset = Interlocked.Increment(ref _offset),
        }.EncodeTo(response);
        return response;
    }

    public static RemotingCommand Error(RemotingCommand request, ResponseCode code) =>
        RemotingCommand.CreateResponse(request, code, $"injected {code}");

    private static RemotingCommand Route(RemotingCommand request)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        if (request.Code != (int)RequestCode.GetRouteInfoByTopic)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.RequestCodeNotSupported);
        }
        // A retry topic lives on one broker with one queue, as brokers create it; other topics on both, four queues each.
        var retry = request.GetExt("topic")!.StartsWith("%RETRY%", StringComparison.Ordinal);
        (string Name, string Address)[] brokers = retry ? [("broker-a", BrokerA)] : [("broker-a", BrokerA), ("broker-b", BrokerB)];
        var route = new TopicRouteData();
        foreach (var (name, address) in brokers)
        {
            route.BrokerDatas.Add(new BrokerData { Cluster = "DefaultCluster", BrokerName = name, BrokerAddrs = new() { [0] = address } });
            route.QueueDatas.Add(new QueueData { BrokerName = name, ReadQueueNums = retry ? 1 : 4, WriteQueueNums = retry ? 1 : 4, Perm = 6 });
        }
        response.Body = route.ToJson(standardJson: true);
        return response;
    }
}
