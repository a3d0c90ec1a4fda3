using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Instance;

/// <summary>
/// Topic administration as mqadmin's updateTopic/deleteTopic with <c>-c cluster</c>: the cluster's master brokers come
/// from the name servers (GET_BROKER_CLUSTER_INFO) and each gets the request.
/// </summary>
internal sealed class EventBrokerAdmin : IEventBrokerAdmin
{
    /// <summary>NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: the KV namespace naming an ordered topic's queues per broker.</summary>
    private const string OrderTopicNamespace = "ORDER_TOPIC_CONFIG";

    private readonly ClientInstance _instance;

    public EventBrokerAdmin(ClientInstance instance)
    {
        _instance = instance;
    }

    public async ValueTask CreateTopicAsync(string topic, int queueCount = 8, bool ordered = false, CancellationToken cancellationToken = default)
    {
        Names.ValidateTopic(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        var masters = await MastersAsync(cancellationToken).ConfigureAwait(false);
        var header = new CreateTopicRequestHeader
        {
            Topic = topic,
            DefaultTopic = Names.AutoCreateTopic,
            ReadQueueNums = queueCount,
            WriteQueueNums = queueCount,
            Perm = Perm.ReadWrite,
            TopicFilterType = nameof(TopicFilterType.SINGLE_TAG),
            TopicSysFlag = 0,
            Order = ordered,
        };
        foreach (var (_, address) in masters)
        {
            await InvokeAsync(address, Responses.Request(RequestCode.UpdateAndCreateTopic, header.EncodeTo), cancellationToken).ConfigureAwait(false);
        }
        if (ordered)
        {
            var conf = string.Join(";", masters.Select(m => $"{m.BrokerName}:{queueCount}"));
            foreach (var nameServer in _instance.NameServers.Addresses)
            {
                var request = Responses.Request(RequestCode.PutKvConfig, r => r.AddExt("namespace", OrderTopicNamespace).AddExt("key", topic).AddExt("value", conf));
                await InvokeAsync(nameServer, request, cancellationToken).ConfigureAwait(false);
            }
        }
        await _instance.Routes.UpdateAsync(topic, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        Names.ValidateTopic(topic);
        foreach (var (_, address) in await MastersAsync(cancellationToken).ConfigureAwait(false))
        {
            await InvokeAsync(address, Responses.Request(RequestCode.DeleteTopicInBroker, r => r.AddExt("topic", topic)), cancellationToken).ConfigureAwait(false);
        }
        foreach (var nameServer in _instance.NameServers.Addresses)
        {
            await InvokeAsync(nameServer, Responses.Request(RequestCode.DeleteTopicInNamesrv, r => r.AddExt("topic", topic)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<(string BrokerName, string Address)>> MastersAsync(CancellationToken cancellationToken)
    {
        var cluster = await _instance.NameServers.GetClusterInfoAsync(cancellationToken).ConfigureAwait(false);
        var masters = new List<(string, string)>();
        foreach (var (name, broker) in cluster.BrokerAddrTable.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (broker.BrokerAddrs.TryGetValue(0, out var master))
            {
                masters.Add((name, master));
            }
        }
        if (masters.Count == 0)
        {
            throw new BrokerConnectionException("the name servers list no master broker");
        }
        return masters;
    }

    private async Task InvokeAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
    {
        using var response = await _instance.Remoting.InvokeAsync(address, request, _instance.Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        response.EnsureCode(address);
    }
}
