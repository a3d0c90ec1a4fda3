namespace EventBroker.Gateway.Broker;

/// <summary>
/// What a pull keeps: a subscription compiled once (tags, or an SQL92 expression) and asked about each stored
/// record. Implementations are immutable, so one instance may serve concurrent pulls.
/// </summary>
public abstract class MessageFilter
{
    /// <summary>True when every record passes, so a pull can skip looking at them.</summary>
    public abstract bool MatchesAll { get; }

    /// <param name="record">One stored record (MessageDecoder's layout), as the store returned it.</param>
    public abstract bool Matches(ReadOnlySpan<byte> record);
}
