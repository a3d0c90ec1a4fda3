namespace EventBroker.Routing.InProcess;

/// <summary>Options of the single-node routing store.</summary>
public sealed record InProcessRoutingOptions
{
    /// <summary>Where topics.json, subscriptionGroup.json, consumerOffset.json and kvConfig.json live; null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A client not refreshed for longer than this is dropped by ExpireClientsAsync (RocketMQ's channel expiry).</summary>
    public TimeSpan ClientExpiry { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often dirty consumer offsets are written; they change on every pull, so they are batched instead of written per change.</summary>
    public TimeSpan OffsetFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for LastSeen stamps, TTLs and the offset flush timer; tests substitute a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
