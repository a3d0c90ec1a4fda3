using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Clients per group. Each group's members are an immutable map swapped by compare-and-swap, so a registration
/// knows exactly whether it added a client id without taking a lock; a group whose last member leaves is removed.
/// Members are kept sorted by client id (ordinal), the order GetConsumersAsync promises.
/// </summary>
internal sealed class GroupMembership<TMember> where TMember : class
{
    private static readonly ImmutableSortedDictionary<string, TMember> NoMembers =
        ImmutableSortedDictionary.Create<string, TMember>(StringComparer.Ordinal);

    // ImmutableSortedDictionary has reference equality, which is what TryUpdate/TryRemove compare against.
    private readonly ConcurrentDictionary<string, ImmutableSortedDictionary<string, TMember>> _groups = new(StringComparer.Ordinal);
    private readonly Func<TMember, DateTimeOffset> _lastSeen;

    public GroupMembership(Func<TMember, DateTimeOffset> lastSeen) => _lastSeen = lastSeen;

    /// <summary>Adds or replaces a member; true when the client id was not in the group before.</summary>
    public bool Upsert(string group, string clientId, TMember member)
    {
        while (true)
        {
            if (!_groups.TryGetValue(group, out var current))
            {
                if (_groups.TryAdd(group, NoMembers.Add(clientId, member)))
                    return true;
                continue;
            }
            var added = !current.ContainsKey(clientId);
            if (_groups.TryUpdate(group, current.SetItem(clientId, member), current))
                return added;
        }
    }

    public bool Remove(string group, string clientId)
    {
        while (true)
        {
            if (!_groups.TryGetValue(group, out var current) || !current.ContainsKey(clientId))
                return false;
            if (Replace(group, current, current.Remove(clientId)))
                return true;
        }
    }

    public IReadOnlyList<TMember> Get(string group)
        => _groups.TryGetValue(group, out var members) ? members.Values.ToList() : [];

    public IReadOnlyList<string> Groups() => _groups.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Removes members last seen before <paramref name="cutoff"/>; returns the groups that lost a member.</summary>
    public IReadOnlyList<string> Expire(DateTimeOffset cutoff)
    {
        var changed = new List<string>();
        foreach (var group in _groups.Keys)
        {
            while (_groups.TryGetValue(group, out var current))
            {
                var stale = current.Where(pair => _lastSeen(pair.Value) < cutoff).Select(pair => pair.Key).ToList();
                if (stale.Count == 0)
                    break;
                if (Replace(group, current, current.RemoveRange(stale)))
                {
                    changed.Add(group);
                    break;
                }
            }
        }
        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    private bool Replace(string group, ImmutableSortedDictionary<string, TMember> current, ImmutableSortedDictionary<string, TMember> next)
        => next.IsEmpty
            ? _groups.TryRemove(new KeyValuePair<string, ImmutableSortedDictionary<string, TMember>>(group, current))
            : _groups.TryUpdate(group, next, current);
}
