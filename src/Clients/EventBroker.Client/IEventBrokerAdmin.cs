namespace EventBroker.Client;

/// <summary>Topic management on every master broker of the cluster, as <c>mqadmin updateTopic -c</c> does it.</summary>
public interface IEventBrokerAdmin
{
    /// <summary>Creates the topic, or updates its queue counts, on every master broker the name servers list.</summary>
    ValueTask CreateTopicAsync(string topic, int queueCount = 8, bool ordered = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes the topic from every master broker and from the name servers.</summary>
    ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default);
}
