using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Creating, updating and deleting topics as an administrator asks for it, shared by UPDATE_AND_CREATE_TOPIC /
/// DELETE_TOPIC_IN_BROKER and the admin HTTP API, so both apply the same rules and clean up the same state.
/// </summary>
public sealed class TopicAdmin(TopicService topics, QueueStore queues, IRoutingStore routing, BrokerTopology topology)
{
    public const int MaxQueueNums = 1024;

    /// <summary>Why the topic cannot be created or updated as asked, in RocketMQ's words; null when it can.</summary>
    public string? Validate(string topic, int readQueueNums, int writeQueueNums)
    {
        if (!NameRules.IsValidTopic(topic))
        {
            return $"The specified topic[{topic}] contains illegal characters or is longer than {NameRules.MaxTopicLength}, allowing only ^[%|a-zA-Z0-9_-]+$";
        }
        if (topic == topology.ClusterName || TopicService.IsSystemTopic(topic))
        {
            return $"The topic[{topic}] is conflict with system topic.";
        }
        if (readQueueNums is <= 0 or > MaxQueueNums || writeQueueNums is <= 0 or > MaxQueueNums)
        {
            return $"readQueueNums ({readQueueNums}) and writeQueueNums ({writeQueueNums}) must be between 1 and {MaxQueueNums}";
        }
        return null;
    }

    /// <summary>Writes the config; call <see cref="Validate"/> first.</summary>
    public ValueTask PutAsync(TopicConfig config, CancellationToken ct) => topics.PutAsync(config, ct);

    /// <summary>The config, the offsets of every group on the topic, and its queues' streams.</summary>
    public async ValueTask<bool> DeleteAsync(string topic, CancellationToken ct)
    {
        var config = await routing.GetTopicAsync(topic, ct).ConfigureAwait(false);
        var deleted = await topics.DeleteAsync(topic, ct).ConfigureAwait(false);
        foreach (var group in await routing.GetGroupsWithOffsetsAsync(topic, ct).ConfigureAwait(false))
        {
            await routing.DeleteOffsetsAsync(group, topic, ct).ConfigureAwait(false);
        }
        if (config is not null)
        {
            await queues.DeleteTopicAsync(topic, Math.Max(config.ReadQueueNums, config.WriteQueueNums), ct).ConfigureAwait(false);
        }
        return deleted || config is not null;
    }
}
