namespace EventBroker.Client;

/// <summary>
/// Round-robin (Java's AllocateMessageQueueAveragelyByCircle, "AVG_BY_CIRCLE"): with 8 queues and 3 members, member 0
/// gets q0, q3, q6; member 1 q1, q4, q7; member 2 q2, q5.
/// </summary>
public sealed class AllocateMessageQueueAveragelyByCircle : IAllocateMessageQueueStrategy
{
    public string Name => "AVG_BY_CIRCLE";

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
        var result = new List<MessageQueue>();
        for (var i = index; i < allQueues.Count; i += allClientIds.Count)
        {
            result.Add(allQueues[i]);
        }
        return result;
    }
}
