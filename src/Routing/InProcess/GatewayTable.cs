using System.Collections.Concurrent;

namespace EventBroker.Routing.InProcess;

/// <summary>Gateway liveness records with a TTL; an expired record is invisible and dropped when next seen.</summary>
internal sealed class GatewayTable
{
    private readonly ConcurrentDictionary<string, Entry> _gateways = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public GatewayTable(TimeProvider time) => _time = time;

    public void Register(GatewayRecord gateway, TimeSpan ttl)
    {
        var now = _time.GetUtcNow();
        // LastSeen comes from the store's clock, the same clock that judges the TTL.
        _gateways[gateway.GatewayId] = new Entry(gateway with { LastSeen = now }, now + ttl);
    }

    public void Unregister(string gatewayId) => _gateways.TryRemove(gatewayId, out _);

    public IReadOnlyList<GatewayRecord> GetLive()
    {
        var now = _time.GetUtcNow();
        var live = new List<GatewayRecord>();
        foreach (var pair in _gateways)
        {
            if (pair.Value.ExpiresAt > now)
                live.Add(pair.Value.Record);
            else
                _gateways.TryRemove(pair); // only if not refreshed meanwhile
        }
        live.Sort((a, b) => string.CompareOrdinal(a.GatewayId, b.GatewayId));
        return live;
    }

    private sealed record Entry(GatewayRecord Record, DateTimeOffset ExpiresAt);
}
