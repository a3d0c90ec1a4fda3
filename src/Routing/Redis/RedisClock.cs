using System.Globalization;

namespace EventBroker.Routing.Redis;

/// <summary>
/// Times as the scripts compare them: microseconds since the Unix epoch, from the store's TimeProvider (exact in a
/// Lua number and a sorted-set score, both doubles, until the year 2255). Redis's own TTLs are only a safety net
/// for records nobody cleans up: they are set well past the logical expiry, so they never decide liveness.
/// </summary>
internal static class RedisClock
{
    /// <summary>The least slack a safety TTL leaves past the logical expiry.</summary>
    private static readonly TimeSpan MinimumSlack = TimeSpan.FromMinutes(1);

    public static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static string MicrosText(DateTimeOffset time) => Micros(time).ToString(CultureInfo.InvariantCulture);

    /// <summary>Twice the logical lifetime, and at least a minute more than it, in milliseconds.</summary>
    public static long SafetyTtlMs(TimeSpan lifetime)
    {
        var safety = lifetime * 2 > lifetime + MinimumSlack ? lifetime * 2 : lifetime + MinimumSlack;
        return (long)Math.Ceiling(safety.TotalMilliseconds);
    }
}
