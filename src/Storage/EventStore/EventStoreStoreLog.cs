using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore;

internal static partial class EventStoreStoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "EventStoreDB store opened: {Description}; log end at position {Position}")]
    public static partial void Opened(ILogger logger, string description, long position);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "EventStoreDB store opened without reaching the server ({Description}): {Failure}. Calls will fail with STORE_UNAVAILABLE until it answers")]
    public static partial void OpenedUnreachable(ILogger logger, string description, string failure);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "EventStoreDB store closed: {Description}")]
    public static partial void Closed(ILogger logger, string description);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "An append subscriber of {Description} threw for stream {Stream}; the others were still told")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string description, string stream);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "EventStoreDB append watch on '{Prefix}*' is live (subscription {SubscriptionId}, after {Position})")]
    public static partial void WatchLive(ILogger logger, string prefix, string subscriptionId, string position);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "EventStoreDB append watch on '{Prefix}*' dropped: {Failure}; resubscribing in {DelayMs} ms from where it stopped")]
    public static partial void WatchDropped(ILogger logger, string prefix, string failure, double delayMs);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "EventStoreDB refused an append to {Stream} as larger than {Limit} bytes; the limit is now {Limit} and larger appends are split")]
    public static partial void AppendLimitLowered(ILogger logger, string stream, int limit);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "An append to {Stream} repeated event ids whose originals are deleted or truncated; stored again as new events")]
    public static partial void DuplicatesRewritten(ILogger logger, string stream);
}
