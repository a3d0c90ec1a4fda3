using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventBroker.Client;

/// <summary>
/// A consistent-hash ring (Java's AllocateMessageQueueConsistentHash, "CONSISTENT_HASH"): each member is placed on the
/// ring <see cref="VirtualNodeCount"/> times at MD5("clientId-i"), and each queue goes to the first member at or after
/// MD5(queue.ToString()). Uneven, but when members come and go only the queues next to them move.
/// </summary>
public sealed class AllocateMessageQueueConsistentHash : IAllocateMessageQueueStrategy
{
    public AllocateMessageQueueConsistentHash(int virtualNodeCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(virtualNodeCount);
        VirtualNodeCount = virtualNodeCount;
    }

    public int VirtualNodeCount { get; }

    public string Name => "CONSISTENT_HASH";

    public IReadOnlyList<MessageQueue> Allocate(string group, string clientId, IReadOnlyList<MessageQueue> allQueues, IReadOnlyList<string> allClientIds)
    {
        if (!AllocationArguments.Check(clientId, allQueues, allClientIds) || AllocationArguments.IndexOf(allClientIds, clientId) < 0)
        {
            return [];
        }
        var ring = BuildRing(allClientIds);
        var result = new List<MessageQueue>();
        if (ring.Count == 0)
        {
            return result;
        }
        foreach (var queue in allQueues)
        {
            if (string.Equals(Route(ring, Hash(queue.ToString())), clientId, StringComparison.Ordinal))
            {
                result.Add(queue);
            }
        }
        return result;
    }

    /// <summary>
    /// ConsistentHashRouter's TreeMap: a later virtual node with the same hash replaces an earlier one. A member listed
    /// twice continues its replica numbering (getExistingReplicas), as Java does.
    /// </summary>
    private SortedList<long, string> BuildRing(IReadOnlyList<string> clientIds)
    {
        var ring = new SortedList<long, string>();
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var clientId in clientIds)
        {
            replicas.TryGetValue(clientId, out var existing);
            for (var i = 0; i < VirtualNodeCount; i++)
            {
                ring[Hash(clientId + "-" + (i + existing))] = clientId;
            }
            replicas[clientId] = existing + VirtualNodeCount;
        }
        return ring;
    }

    /// <summary>The first ring position at or after <paramref name="hash"/>, wrapping to the start (TreeMap.tailMap).</summary>
    private static string Route(SortedList<long, string> ring, long hash)
    {
        var keys = ring.Keys;
        int low = 0, high = keys.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (keys[mid] < hash)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return ring.Values[low < keys.Count ? low : 0];
    }

    /// <summary>ConsistentHashRouter.MD5Hash: the first four digest bytes as an unsigned big-endian number.</summary>
    internal static long Hash(string key)
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(key), digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }
}
