namespace EventBroker.Client;

/// <summary>
/// Contiguous blocks (Java's AllocateMessageQueueAveragely, "AVG"): with 8 queues and 3 members, member 0 gets q0-q2,
/// member 1 q3-q5, member 2 q6-q7. The first <c>queues mod members</c> members get one extra queue.
/// </summary>
public sealed class AllocateMessageQueueAveragely : IAllocateMessageQueueStrategy
{
    public string Name => "AVG";

    public IReadOnlyList<MessageQueue> Allocate(string group, string clientId, IReadOnlyList<MessageQueue> allQueues, IReadOnlyList<string> allClientIds)
    {
        if (!AllocationArguments.Check(clientId, allQueues, allClientIds))
        {
            return [];
        }
        var index = AllocationArguments.IndexOf(allClientIds, clientId);
        if (index < 0)
        {
            return [];
        }
        var queues = allQueues.Count;
        var members = allClientIds.Count;
        var mod = queues % members;
        var averageSize = queues <= members ? 1 : (mod > 0 && index < mod ? (queues / members) + 1 : queues / members);
        var startIndex = mod > 0 && index < mod ? index * averageSize : (index * averageSize) + mod;
        var range = Math.Min(averageSize, queues - startIndex);
        var result = new List<MessageQueue>(Math.Max(range, 0));
        for (var i = 0; i < range; i++)
        {
            result.Add(allQueues[(startIndex + i) % queues]);
        }
        return result;
    }
}
