namespace EventBroker.Client;

/// <summary>
/// Decides which of a topic's queues a member of a clustering group consumes. Every member runs it over the same sorted
/// queue and member lists, so the results partition the queues without talking to each other.
/// </summary>
public interface IAllocateMessageQueueStrategy
{
    /// <summary>The strategy's name as the Java client reports it (AVG, AVG_BY_CIRCLE, CONSISTENT_HASH).</summary>
    string Name { get; }

    /// <param name="allQueues">Every queue of the topic, sorted.</param>
    /// <param name="allClientIds">Every member of the group, sorted ordinally.</param>
    /// <returns>The queues for <paramref name="clientId"/>; empty when it is not among the members.</returns>
    IReadOnlyList<MessageQueue> Allocate(string group, string clientId, IReadOnlyList<MessageQueue> allQueues, IReadOnlyList<string> allClientIds);
}

internal static class AllocationArguments
{
    public static bool Check(string clientId, IReadOnlyList<MessageQueue> allQueues, IReadOnlyList<string> allClientIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(allQueues);
        ArgumentNullException.ThrowIfNull(allClientIds);
        return allQueues.Count > 0 && allClientIds.Count > 0;
    }

    public static int IndexOf(IReadOnlyList<string> allClientIds, string clientId)
    {
        for (var i = 0; i < allClientIds.Count; i++)
        {
            if (string.Equals(allClientIds[i], clientId, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
