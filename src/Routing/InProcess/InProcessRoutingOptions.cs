namespace EventBroker.Routing.InProcess;

/// <summary>Options of the single-node routing store.</summary>
public sealed record InProcessRoutingOptions
{
    /// <summary>Where topics.json, subscriptionGroup.json, consumerOffset.json and kvConfig.json live; null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The first logical broker (the first of <c>Broker:BrokerNames</c>). Offsets written by a version that did not
    /// keep them per logical broker are read as this broker's: with one broker (the only layout such data can come
    /// from without the overwrites that version had), it is the broker they were committed on.
    /// </summary>
    public string FirstBrokerName { get; init; } = "broker-a";

    /// <summary>A client not refreshed for longer than this is dropped by ExpireClientsAsync (RocketMQ's channel expiry).</summary>
    public TimeSpan ClientExpiry { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often dirty consumer offsets are written; they change on every pull, so they are batched instead of written per change.</summary>
    public TimeSpan OffsetFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for LastSeen stamps, TTLs and the offset flush timer; tests substitute a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
