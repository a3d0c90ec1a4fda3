using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore.Client;

internal static partial class EventStoreClientLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "EventStoreDB: using {Node} ({Preference}), found through gossip from {Seed} ({Members} members)")]
    public static partial void Discovered(ILogger logger, string node, NodePreference preference, string seed, int members);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "EventStoreDB: {Role} calls move from {From} to the leader {Leader} (not-leader answer)")]
    public static partial void Redirected(ILogger logger, string role, string from, string leader);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "EventStoreDB: {Role} node {Node} failed ({Failure}); the next call finds a node again")]
    public static partial void NodeLost(ILogger logger, string role, string node, string failure);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "EventStoreDB: retrying {Operation} (attempt {Attempt}) after: {Failure}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string failure);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "EventStoreDB: calls suspended for {BreakSeconds} s after repeated failures (last: {Failure})")]
    public static partial void CircuitOpened(ILogger logger, double breakSeconds, string failure);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "EventStoreDB: calls resumed (circuit closed)")]
    public static partial void CircuitClosed(ILogger logger);
}
