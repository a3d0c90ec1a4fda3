using System.Globalization;
using EventBroker.Storage.EventStore.Grpc;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>A call to EventStoreDB failed. <see cref="Node"/> names the node; the message says what failed.</summary>
internal class EventStoreClientException(string node, GrpcStatusCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Node { get; } = node;

    public GrpcStatusCode Code { get; } = code;

    /// <summary>True when trying again (possibly on another node) may succeed.</summary>
    public virtual bool IsTransient => false;
}

/// <summary>The node could not be reached or did not answer in time, or the server said it is not ready or too busy.</summary>
internal sealed class NodeUnavailableException(string node, GrpcStatusCode code, string message, Exception? inner = null)
    : EventStoreClientException(node, code, message, inner)
{
    public override bool IsTransient => true;
}

/// <summary>The call needed the leader and reached a follower; <see cref="Leader"/> is where to go instead.</summary>
internal sealed class NotLeaderException(string node, NodeEndpoint leader, Exception? inner = null)
    : EventStoreClientException(node, GrpcStatusCode.NotFound, $"{node} is not the leader; the leader is {leader}", inner)
{
    public NodeEndpoint Leader { get; } = leader;

    public override bool IsTransient => true;
}

/// <summary>The stream was tombstoned (hard-deleted): it can never be written or read again.</summary>
internal sealed class StreamDeletedException(string node, string stream, Exception? inner = null)
    : EventStoreClientException(node, GrpcStatusCode.FailedPrecondition, $"stream '{stream}' is tombstoned (hard-deleted) on {node}", inner)
{
    public string Stream { get; } = stream;
}

/// <summary>Delete or Tombstone found the stream at another version (internal numbers: -1 no stream, -2 any, -4 exists).</summary>
internal sealed class WrongExpectedVersionException(string node, string stream, long expected, long? actual, Exception? inner = null)
    : EventStoreClientException(node, GrpcStatusCode.FailedPrecondition,
        $"stream '{stream}' is at version {actual?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, expected {expected} ({node})", inner)
{
    public string Stream { get; } = stream;

    public long ExpectedVersion { get; } = expected;

    /// <summary>The stream's last revision; -1 when it does not exist; null when the server did not say.</summary>
    public long? ActualVersion { get; } = actual;
}

/// <summary>The append's data exceeds the server's <c>--max-append-size</c>.</summary>
internal sealed class MaximumAppendSizeExceededException(string node, int maxAppendSize, Exception? inner = null)
    : EventStoreClientException(node, GrpcStatusCode.InvalidArgument, $"the append exceeds the maximum append size of {maxAppendSize} bytes on {node}", inner)
{
    public int MaxAppendSize { get; } = maxAppendSize;
}

/// <summary>The credentials are missing, wrong, or lack the rights for this call.</summary>
internal sealed class AccessDeniedException(string node, string message, Exception? inner = null)
    : EventStoreClientException(node, GrpcStatusCode.PermissionDenied, message, inner);

/// <summary>Turns a failed call's status and EventStoreDB's <c>exception</c> metadata into the typed exceptions above.</summary>
internal static class EventStoreErrors
{
    public static EventStoreClientException From(GrpcCallException failure)
    {
        var (node, status) = (failure.Node, failure.Status);
        switch (status["exception"])
        {
            case "not-leader":
                return TryLeader(status) is { } leader
                    ? new NotLeaderException(node, leader, failure)
                    : new NodeUnavailableException(node, status.Code, $"{node} is not the leader and named no valid leader endpoint ({status})", failure);
            case "stream-deleted":
                return new StreamDeletedException(node, status["stream-name"] ?? "?", failure);
            case "wrong-expected-version":
                return new WrongExpectedVersionException(node, status["stream-name"] ?? "?",
                    ParseLong(status["expected-version"]) ?? -2, ParseLong(status["actual-version"]), failure);
            case "maximum-append-size-exceeded":
                return new MaximumAppendSizeExceededException(node, (int)Math.Clamp(ParseLong(status["maximum-append-size"]) ?? 0, 0, int.MaxValue), failure);
            case "access-denied":
                return new AccessDeniedException(node, $"access denied on {node} for {failure.Method}: check the user and password in the connection string", failure);
        }
        return status.Code switch
        {
            GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.Aborted or GrpcStatusCode.Cancelled
                => new NodeUnavailableException(node, status.Code, $"{node}: {Describe(status)}", failure),
            // A follower that does not know the leader (an election is under way): find the members again.
            GrpcStatusCode.Unknown when status.Message.Contains("No leader info", StringComparison.OrdinalIgnoreCase)
                => new NodeUnavailableException(node, status.Code, $"{node} has no leader right now ({status.Message})", failure),
            GrpcStatusCode.PermissionDenied or GrpcStatusCode.Unauthenticated
                => new AccessDeniedException(node, $"{node} refused {failure.Method}: {status}; check the user and password in the connection string", failure),
            _ => new EventStoreClientException(node, status.Code, $"{failure.Method} failed on {node}: {status}", failure),
        };
    }

    private static string Describe(GrpcStatus status) => status.Code switch
    {
        GrpcStatusCode.DeadlineExceeded => $"timed out ({status.Message})",
        GrpcStatusCode.Unavailable => $"unavailable ({status.Message})",
        GrpcStatusCode.Aborted => $"the server gave up on the operation ({status.Message})",
        _ => status.ToString(),
    };

    private static NodeEndpoint? TryLeader(GrpcStatus status)
    {
        var host = status["leader-endpoint-host"];
        return !string.IsNullOrEmpty(host) && ParseLong(status["leader-endpoint-port"]) is { } port and > 0 and <= 65535
            ? new NodeEndpoint(host, (int)port)
            : null;
    }

    private static long? ParseLong(string? value)
        => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
