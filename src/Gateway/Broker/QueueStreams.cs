namespace EventBroker.Gateway.Broker;

/// <summary>
/// Names the stream that holds one message queue: <c>mq/{cluster}/{broker}/{topic}/{queueId}</c>. Reversible because
/// none of the parts may contain '/'; never starts with '$' (EventStoreDB's system prefix).
/// </summary>
public static class QueueStreams
{
    public const string Prefix = "mq/";

    public static string Name(string cluster, string broker, string topic, int queueId) =>
        string.Create(null, stackalloc char[256], $"{Prefix}{cluster}/{broker}/{topic}/{queueId}");

    public static string ClusterPrefix(string cluster) => $"{Prefix}{cluster}/";

    public static bool TryParse(string stream, out string cluster, out string broker, out string topic, out int queueId)
    {
        cluster = broker = topic = "";
        queueId = -1;
        if (!stream.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = stream[Prefix.Length..].Split('/');
        if (parts.Length != 4 || !int.TryParse(parts[3], out queueId))
        {
            return false;
        }
        (cluster, broker, topic) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
