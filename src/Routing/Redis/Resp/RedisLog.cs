using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Redis.Resp;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Connected to Redis at {Endpoint} ({Protocol}, {Role})")]
    public static partial void Connected(ILogger logger, string endpoint, RedisProtocol protocol, string role);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Lost the connection to Redis at {Endpoint}: {Reason}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Redis at {Endpoint} is unreachable (attempt {Attempt}): {Reason}; next attempt in {DelayMs} ms")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Dropped an out-of-band '{Kind}' frame from Redis at {Endpoint} that no handler takes")]
    public static partial void PushDropped(ILogger logger, string endpoint, string kind);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "Closing the transport to Redis at {Endpoint} failed")]
    public static partial void TransportCloseFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Sentinel {Sentinel} names {Master} as the master of '{ServiceName}'")]
    public static partial void SentinelResolved(ILogger logger, string sentinel, string master, string serviceName);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Sentinel {Sentinel} could not name the master of '{ServiceName}': {Reason}")]
    public static partial void SentinelFailed(ILogger logger, string sentinel, string serviceName, string reason);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "Resubscribed {Count} channels on Redis at {Endpoint}")]
    public static partial void Resubscribed(ILogger logger, int count, string endpoint);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Error, Message = "A handler of Redis channel {Channel} threw; the other handlers still got the message")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Error, Message = "A reconnection listener of Redis at {Endpoint} threw")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Skipped Redis at {Endpoint}: {Reason}")]
    public static partial void EndpointSkipped(ILogger logger, string endpoint, string reason);
}
