using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EventBroker.Routing.Redis;

/// <summary>
/// Producers or consumers per group: a hash of member JSON per group, a sorted set of last-seen times per group
/// (gateway clock, µs) that the expiry sweep reads, and the set of groups that have members.
/// </summary>
internal sealed class RedisMemberTable<TMember> where TMember : class
{
    private readonly RoutingRedis _redis;
    private readonly string _membersPrefix;
    private readonly string _seenPrefix;
    private readonly string _groupsKey;
    private readonly long _safetyTtlMs;
    private readonly JsonTypeInfo<TMember> _json;
    private readonly Func<TMember, string> _clientIdOf;

    public RedisMemberTable(RoutingRedis redis, string membersPrefix, string seenPrefix, string groupsKey, TimeSpan expiry,
        JsonTypeInfo<TMember> json, Func<TMember, string> clientIdOf)
    {
        _redis = redis;
        _membersPrefix = membersPrefix;
        _seenPrefix = seenPrefix;
        _groupsKey = groupsKey;
        _safetyTtlMs = RedisClock.SafetyTtlMs(expiry);
        _json = json;
        _clientIdOf = clientIdOf;
    }

    /// <summary>Adds or replaces a member; true when its client id is new to the group.</summary>
    public async ValueTask<bool> UpsertAsync(string group, TMember member, DateTimeOffset lastSeen, CancellationToken cancellationToken)
    {
        var added = await _redis.EvalAsync(RoutingScripts.RegisterMember,
            [_membersPrefix + group, _seenPrefix + group, _groupsKey],
            [_clientIdOf(member), JsonSerializer.SerializeToUtf8Bytes(member, _json), RedisClock.MicrosText(lastSeen), _safetyTtlMs, group],
            cancellationToken).ConfigureAwait(false);
        return added.AsInt64() == 1;
    }

    public async ValueTask<bool> RemoveAsync(string group, string clientId, CancellationToken cancellationToken)
    {
        var removed = await _redis.EvalAsync(RoutingScripts.UnregisterMember,
            [_membersPrefix + group, _seenPrefix + group, _groupsKey], [clientId, group], cancellationToken).ConfigureAwait(false);
        return removed.AsInt64() == 1;
    }

    /// <summary>Members ordered by client id (ordinal).</summary>
    public async ValueTask<IReadOnlyList<TMember>> GetAsync(string group, CancellationToken cancellationToken)
    {
        var values = await _redis.ExecuteAsync("HVALS", [_membersPrefix + group], cancellationToken).ConfigureAwait(false);
        return values.Items
            .Select(v => JsonSerializer.Deserialize(v.Bytes.Span, _json) ?? throw new InvalidDataException($"A null member in Redis hash {_membersPrefix}{group}"))
            .OrderBy(_clientIdOf, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Groups with members, ordered by name (ordinal).</summary>
    public async ValueTask<IReadOnlyList<string>> GroupsAsync(CancellationToken cancellationToken)
    {
        var groups = await _redis.EvalAsync(RoutingScripts.ListGroups, [_groupsKey], [_membersPrefix], cancellationToken).ConfigureAwait(false);
        return Sorted(groups);
    }

    /// <summary>Drops members last seen before <paramref name="cutoff"/>; returns the groups that lost one, ordered by name.</summary>
    public async ValueTask<IReadOnlyList<string>> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var changed = await _redis.EvalAsync(RoutingScripts.ExpireMembers,
            [_groupsKey], [RedisClock.MicrosText(cutoff), _membersPrefix, _seenPrefix], cancellationToken).ConfigureAwait(false);
        return Sorted(changed);
    }

    private static List<string> Sorted(Resp.RedisValue names)
        => names.Items.Select(n => n.AsString()!).Order(StringComparer.Ordinal).ToList();
}
