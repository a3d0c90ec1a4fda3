namespace EventBroker.Storage.EventStore;

/// <summary>How <see cref="EventStoreStreamStore"/> reaches EventStoreDB and how much time it gives each operation.</summary>
public sealed record EventStoreStreamStoreOptions
{
    /// <summary>EventStoreDB's own form: <c>esdb://host:2113?tls=false</c>, <c>esdb+discover://user:pass@seed:2113</c>, several hosts comma-separated.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Budget of one store operation, retries included: inside the 3 s a RocketMQ producer waits for a send.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>Budget of one attempt (sent as grpc-timeout). The connection string's <c>defaultDeadline</c> overrides it.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of transient failures after the first attempt.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The server's <c>--max-append-size</c> (default 1 MiB). A larger append without an expected revision is split into
    /// several appends; with one it is refused. The store lowers this when the server reports a smaller limit.
    /// </summary>
    public int MaxAppendBytes { get; init; } = 1024 * 1024;

    /// <summary>Stream-name prefix of the filtered $all subscription that reports other gateways' appends.</summary>
    public string WatchedStreamPrefix { get; init; } = "mq/";

    /// <summary>The stream listing every stream the store has written, so retention can find them.</summary>
    public string CatalogStream { get; init; } = "eventbroker-stream-catalog";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
