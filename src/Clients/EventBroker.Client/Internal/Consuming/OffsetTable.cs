using System.Collections.Concurrent;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>The in-memory half both offset stores share.</summary>
internal sealed class OffsetTable
{
    private readonly ConcurrentDictionary<MessageQueue, long> _offsets = new();

    public IEnumerable<KeyValuePair<MessageQueue, long>> Entries => _offsets;

    public void Update(MessageQueue queue, long offset, bool increaseOnly)
    {
        if (increaseOnly)
        {
            _offsets.AddOrUpdate(queue, offset, (_, current) => Math.Max(current, offset));
        }
        else
        {
            _offsets[queue] = offset;
        }
    }

    public long Read(MessageQueue queue) => _offsets.TryGetValue(queue, out var offset) ? offset : -1;

    public bool TryRead(MessageQueue queue, out long offset) => _offsets.TryGetValue(queue, out offset);

    public void Remove(MessageQueue queue) => _offsets.TryRemove(queue, out _);

    /// <summary>Drops the queues not in <paramref name="keep"/> (no longer assigned to this member).</summary>
    public void RetainOnly(IReadOnlyCollection<MessageQueue> keep)
    {
        foreach (var queue in _offsets.Keys)
        {
            if (!keep.Contains(queue))
            {
                _offsets.TryRemove(queue, out _);
            }
        }
    }
}
