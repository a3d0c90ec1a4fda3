using EventBroker.Protocol.Bodies;

namespace EventBroker.Client.Internal.Instance;

/// <summary>What the client instance does with each of its consumers on its timers (MQConsumerInner).</summary>
internal interface IConsumerMember
{
    string Group { get; }

    /// <summary>The topics whose routes the instance keeps fresh.</summary>
    IEnumerable<string> Topics { get; }

    /// <summary>This consumer's entry in the heartbeat.</summary>
    ConsumerData HeartbeatData();

    Task RebalanceAsync(CancellationToken cancellationToken);

    Task PersistOffsetsAsync(CancellationToken cancellationToken);
}
