using EventBroker.Gateway.Configuration;
using EventBroker.Routing;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Progress of a per-broker job (delay scheduler, transaction checker), kept as the committed offset of a group named
/// after its logical broker (<c>%SCHEDULE%broker-b</c>) on that broker.
/// </summary>
public static class BrokerProgress
{
    /// <summary>
    /// The stored progress, or null. A version without per-broker offsets stored it without a broker, which reads as the
    /// first broker's; the group's name still says whose it is, so another broker's job finds its progress there
    /// instead of starting over (and re-putting every scheduled message) after an upgrade.
    /// </summary>
    public static async ValueTask<long?> ReadAsync(IRoutingStore routing, BrokerTopology topology, LogicalBroker broker,
        string group, string topic, int queueId, CancellationToken ct)
    {
        var offset = await routing.GetOffsetAsync(broker.Name, group, topic, queueId, ct).ConfigureAwait(false);
        if (offset is null && topology.Brokers[0].Name != broker.Name)
        {
            offset = await routing.GetOffsetAsync(topology.Brokers[0].Name, group, topic, queueId, ct).ConfigureAwait(false);
        }
        return offset;
    }
}
