using System.Security.Cryptography;
using System.Text;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Builds what the name server answers: per logical broker, one live gateway as brokerId 0 (the highest rendezvous
/// hash of broker name and gateway id, so every gateway picks the same one and only a dead gateway's brokers move)
/// and the other live gateways as brokerIds 1..n.
/// </summary>
public sealed class RouteService(IRoutingStore routing, BrokerTopology topology, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private (IReadOnlyList<GatewayRecord> Gateways, long At)? _cache;

    public async ValueTask<IReadOnlyList<GatewayRecord>> GetLiveGatewaysAsync(CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (_cache is { } c && time.GetElapsedTime(c.At, now) < CacheFor)
        {
            return c.Gateways;
        }
        var gateways = await routing.GetLiveGatewaysAsync(ct).ConfigureAwait(false);
        if (gateways.Count == 0)
        {
            // Our own record has not been written yet (start-up) or the store lost it: we are alive regardless.
            gateways = [Self()];
        }
        _cache = (gateways, now);
        return gateways;
    }

    public GatewayRecord Self() => new(topology.GatewayId, topology.AdvertisedAddress.ToString(), 0,
        topology.Brokers[0].Port, 0, topology.StartedAt);

    public BrokerData BuildBrokerData(LogicalBroker broker, IReadOnlyList<GatewayRecord> gateways)
    {
        var data = new BrokerData { Cluster = topology.ClusterName, BrokerName = broker.Name };
        var id = 0L;
        foreach (var gateway in gateways.OrderByDescending(g => Score(broker.Name, g.GatewayId)).ThenBy(g => g.GatewayId, StringComparer.Ordinal))
        {
            data.BrokerAddrs[id++] = $"{gateway.Address}:{gateway.ListenPort + broker.Index}";
        }
        return data;
    }

    public TopicRouteData BuildRoute(TopicConfig topic, IReadOnlyList<GatewayRecord> gateways, string? orderTopicConf)
    {
        var route = new TopicRouteData { OrderTopicConf = orderTopicConf };
        foreach (var broker in topology.Brokers)
        {
            route.BrokerDatas.Add(BuildBrokerData(broker, gateways));
            route.QueueDatas.Add(new QueueData
            {
                BrokerName = broker.Name,
                ReadQueueNums = topic.ReadQueueNums,
                WriteQueueNums = topic.WriteQueueNums,
                Perm = topic.Perm,
                TopicSysFlag = topic.TopicSysFlag,
            });
        }
        return route;
    }

    public ClusterInfo BuildClusterInfo(IReadOnlyList<GatewayRecord> gateways)
    {
        var info = new ClusterInfo();
        var names = new List<string>();
        foreach (var broker in topology.Brokers)
        {
            info.BrokerAddrTable[broker.Name] = BuildBrokerData(broker, gateways);
            names.Add(broker.Name);
        }
        info.ClusterAddrTable[topology.ClusterName] = names;
        return info;
    }

    /// <summary>True when this gateway is brokerId 0 (the master) for the logical broker.</summary>
    public async ValueTask<bool> IsMasterAsync(LogicalBroker broker, CancellationToken ct)
    {
        var gateways = await GetLiveGatewaysAsync(ct).ConfigureAwait(false);
        var master = gateways.OrderByDescending(g => Score(broker.Name, g.GatewayId)).ThenBy(g => g.GatewayId, StringComparer.Ordinal).First();
        return master.GatewayId == topology.GatewayId;
    }

    internal static ulong Score(string brokerName, string gatewayId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(brokerName + "\n" + gatewayId), hash);
        return BitConverter.ToUInt64(hash);
    }
}
