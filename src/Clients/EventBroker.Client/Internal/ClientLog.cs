using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal;

/// <summary>The client's log messages, with stable event ids (1xx connections, 2xx producing, 3xx consuming, 4xx instance).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(100, LogLevel.Debug, "Connected to {Address}")]
    public static partial void Connected(ILogger logger, string address);

    [LoggerMessage(101, LogLevel.Debug, "Connection to {Address} closed")]
    public static partial void ConnectionClosed(ILogger logger, string address);

    [LoggerMessage(102, LogLevel.Warning, "Connection to {Address} failed: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string address, string reason);

    [LoggerMessage(103, LogLevel.Debug, "Response from {Address} with opaque {Opaque} (code {Code}) matches no waiting request; it timed out or was cancelled")]
    public static partial void UnmatchedResponse(ILogger logger, string address, int opaque, int code);

    [LoggerMessage(104, LogLevel.Warning, "Handling request code {Code} from {Address} failed")]
    public static partial void ServerRequestFailed(ILogger logger, Exception exception, string address, int code);

    [LoggerMessage(200, LogLevel.Warning, "Send attempt {Attempt} to broker {Broker} failed: {Reason}")]
    public static partial void SendAttemptFailed(ILogger logger, int attempt, string broker, string reason);

    [LoggerMessage(201, LogLevel.Warning, "The local transaction of half message {MessageId} threw; its state is left unknown for the broker's check-back")]
    public static partial void LocalTransactionFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(202, LogLevel.Warning, "Ending the transaction of {MessageId} as {State} failed; the broker's check-back will settle it: {Reason}")]
    public static partial void EndTransactionFailed(ILogger logger, string messageId, TransactionState state, string reason);

    [LoggerMessage(203, LogLevel.Warning, "The transaction checker threw for half message {MessageId}; answering unknown")]
    public static partial void TransactionCheckFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(204, LogLevel.Warning, "A transaction check-back for producer group {Group} from {Address} found no producer with a checker in this client")]
    public static partial void NoTransactionChecker(ILogger logger, string? group, string address);

    [LoggerMessage(205, LogLevel.Warning, "A reply with correlation id {CorrelationId} arrived after its request gave up, or for another client")]
    public static partial void UnmatchedReply(ILogger logger, string? correlationId);

    [LoggerMessage(300, LogLevel.Information, "Consumer group {Group} started as {ClientId} ({Model}, orderly: {Orderly})")]
    public static partial void ConsumerStarted(ILogger logger, string group, string clientId, MessageModel model, bool orderly);

    [LoggerMessage(301, LogLevel.Information, "Consumer group {Group} member {ClientId} stopped and left the group")]
    public static partial void ConsumerStopped(ILogger logger, string group, string clientId);

    [LoggerMessage(302, LogLevel.Information, "Group {Group} rebalanced topic {Topic}: {ClientId} now consumes [{Queues}]")]
    public static partial void Rebalanced(ILogger logger, string group, string topic, string clientId, string queues);

    [LoggerMessage(303, LogLevel.Warning, "Group {Group} could not rebalance topic {Topic}: {Reason}")]
    public static partial void RebalanceFailed(ILogger logger, string group, string topic, string reason);

    [LoggerMessage(304, LogLevel.Warning, "Group {Group} found no route for topic {Topic}; it is retried at the next rebalance")]
    public static partial void NoRouteForRebalance(ILogger logger, string group, string topic);

    [LoggerMessage(305, LogLevel.Warning, "Group {Group} could not find where to start on {Queue}: {Reason}")]
    public static partial void OffsetUnknown(ILogger logger, string group, string queue, string reason);

    [LoggerMessage(306, LogLevel.Warning, "Pulling {Queue} for group {Group} failed: {Reason}; retrying in 3 s")]
    public static partial void PullFailed(ILogger logger, string group, string queue, string reason);

    [LoggerMessage(307, LogLevel.Warning, "The broker rejected group {Group}'s offset on {Queue}; continuing from {NextOffset}")]
    public static partial void OffsetIllegal(ILogger logger, string group, string queue, long nextOffset);

    [LoggerMessage(308, LogLevel.Warning, "The handler of group {Group} failed on message {MessageId}; it will be redelivered")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string group, string messageId);

    [LoggerMessage(309, LogLevel.Warning, "Broadcasting group {Group} failed to consume {MessageId}; broadcast messages are not redelivered")]
    public static partial void BroadcastMessageDropped(ILogger logger, string group, string messageId);

    [LoggerMessage(310, LogLevel.Warning, "Sending message {MessageId} of group {Group} back to the broker failed, trying the retry topic: {Reason}")]
    public static partial void SendBackFailed(ILogger logger, string messageId, string group, string reason);

    [LoggerMessage(311, LogLevel.Error, "Message {MessageId} of group {Group} could not be returned to the broker; redelivering it locally: {Reason}")]
    public static partial void SendBackFallbackFailed(ILogger logger, string messageId, string group, string reason);

    [LoggerMessage(312, LogLevel.Warning, "Committing offset {Offset} of {Queue} for group {Group} failed: {Reason}")]
    public static partial void OffsetCommitFailed(ILogger logger, string group, string queue, long offset, string reason);

    [LoggerMessage(313, LogLevel.Warning, "The offset file {Path} cannot be read; starting as if it were empty: {Reason}")]
    public static partial void OffsetFileUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(314, LogLevel.Warning, "Queue lock request of group {Group} on broker {Broker} failed: {Reason}")]
    public static partial void LockFailed(ILogger logger, string group, string broker, string reason);

    [LoggerMessage(400, LogLevel.Warning, "The {Work} timer failed; it runs again at its next interval")]
    public static partial void PeriodicWorkFailed(ILogger logger, Exception exception, string work);

    [LoggerMessage(401, LogLevel.Warning, "Heartbeat to {Address} failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string address, string reason);

    [LoggerMessage(402, LogLevel.Warning, "Unregistering from {Address} failed: {Reason}")]
    public static partial void UnregisterFailed(ILogger logger, string address, string reason);

    [LoggerMessage(403, LogLevel.Warning, "Refreshing the route of topic {Topic} failed; keeping the last one: {Reason}")]
    public static partial void RouteRefreshFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(404, LogLevel.Information, "Broker {Address} says the members of group {Group} changed; rebalancing")]
    public static partial void ConsumerIdsChanged(ILogger logger, string? group, string address);
}
