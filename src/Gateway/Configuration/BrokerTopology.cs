using System.Net;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Configuration;

/// <summary>One logical broker as this gateway serves it: name, index k, and the port it listens on (ListenPort + k).</summary>
public sealed record LogicalBroker(int Index, string Name, int Port, IPEndPoint StoreHost)
{
    /// <summary>The address clients are given for this logical broker on this gateway.</summary>
    public string Address => $"{StoreHost.Address}:{Port}";
}

/// <summary>The static shape of this gateway: its id, cluster and logical brokers, derived once from <see cref="BrokerOptions"/>.</summary>
public sealed class BrokerTopology
{
    public BrokerTopology(IOptions<BrokerOptions> options)
    {
        var o = options.Value;
        ClusterName = o.ClusterName;
        AdvertisedAddress = IPAddress.Parse(o.BrokerIP1);
        var names = o.GetBrokerNames();
        Brokers = names.Select((name, k) => new LogicalBroker(k, name, o.ListenPort + k, new IPEndPoint(AdvertisedAddress, o.ListenPort + k))).ToArray();
        GatewayId = $"{o.BrokerIP1}:{o.ListenPort}";
        StartedAt = DateTimeOffset.UtcNow;
    }

    public string ClusterName { get; }

    public IPAddress AdvertisedAddress { get; }

    /// <summary>Unique per gateway in a cluster: its advertised address and first broker port.</summary>
    public string GatewayId { get; }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<LogicalBroker> Brokers { get; }

    public LogicalBroker? FindByPort(int port) => Brokers.FirstOrDefault(b => b.Port == port);

    public LogicalBroker? FindByName(string name) => Brokers.FirstOrDefault(b => b.Name == name);
}
