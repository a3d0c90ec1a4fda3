namespace EventBroker.Routing.InProcess;

/// <summary>
/// Leases for singleton jobs with fencing tokens. A released or expired lease keeps its last token so the next
/// holder's token is still larger; a plain lock is enough for calls made every few seconds.
/// </summary>
internal sealed class LeaseTable
{
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public LeaseTable(TimeProvider time) => _time = time;

    public long? TryAcquire(string name, string holder, TimeSpan ttl)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _leases.TryGetValue(name, out var lease);
            var live = lease is not null && lease.Holder is not null && lease.ExpiresAt > now;
            if (live && lease!.Holder != holder)
                return null;
            // Renewing a live lease keeps the token; any other acquisition is a new tenure and gets the next one.
            var token = live ? lease!.Token : (lease?.Token ?? 0) + 1;
            _leases[name] = new Lease(holder, token, now + ttl);
            return token;
        }
    }

    public void Release(string name, string holder)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var lease) && lease.Holder == holder)
                _leases[name] = lease with { Holder = null };
        }
    }

    private sealed record Lease(string? Holder, long Token, DateTimeOffset ExpiresAt);
}
