using System.Collections.Concurrent;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Broker;

/// <summary>Subscription-group configs, auto-created on first use as RocketMQ does (autoCreateSubscriptionGroup=true).</summary>
public sealed class GroupService(IRoutingStore routing, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, (SubscriptionGroupConfig Config, long At)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<SubscriptionGroupConfig> GetOrCreateAsync(string group, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(group, out var cached) && time.GetElapsedTime(cached.At, now) < CacheFor)
        {
            return cached.Config;
        }
        SubscriptionGroupConfig? config;
        try
        {
            config = await routing.GetGroupAsync(group, ct).ConfigureAwait(false);
            if (config is null)
            {
                config = new SubscriptionGroupConfig { GroupName = group };
                await routing.PutGroupAsync(config, ct).ConfigureAwait(false);
            }
        }
        catch (RoutingUnavailableException)
        {
            // Routing is down: what we last saw, or the defaults auto-creation would give (not cached).
            return cached.Config ?? new SubscriptionGroupConfig { GroupName = group };
        }
        _cache[group] = (config, now);
        return config;
    }

    public void Forget(string group) => _cache.TryRemove(group, out _);

    public async ValueTask PutAsync(SubscriptionGroupConfig config, CancellationToken ct)
    {
        await routing.PutGroupAsync(config, ct).ConfigureAwait(false);
        _cache.TryRemove(config.GroupName, out _);
    }
}
