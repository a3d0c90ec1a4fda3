using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// How a call ended, as the server said it: the status, its message and the extra metadata keys EventStoreDB
/// adds to errors (<c>exception</c>, <c>stream-name</c>, <c>leader-endpoint-host</c>, …).
/// </summary>
internal sealed record GrpcStatus(GrpcStatusCode Code, string Message, IReadOnlyDictionary<string, string> Metadata)
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    // Headers every response carries; everything else in an error's header block is metadata.
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "grpc-status", "grpc-message", "content-type", "content-length", "date", "server", "grpc-encoding", "grpc-accept-encoding",
    };

    public static GrpcStatus Ok { get; } = new(GrpcStatusCode.OK, "", NoMetadata);

    public string? this[string key] => Metadata.TryGetValue(key, out var value) ? value : null;

    public static GrpcStatus Create(GrpcStatusCode code, string message) => new(code, message, NoMetadata);

    /// <summary>Reads <c>grpc-status</c> from a header block; null when the block has none.</summary>
    public static GrpcStatus? TryRead(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var values))
        {
            return null;
        }
        var code = int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            ? (GrpcStatusCode)c
            : GrpcStatusCode.Unknown;
        var message = headers.TryGetValues("grpc-message", out var m) ? DecodeMessage(m.FirstOrDefault() ?? "") : "";
        Dictionary<string, string>? metadata = null;
        foreach (var header in headers)
        {
            if (!TransportHeaders.Contains(header.Key))
            {
                (metadata ??= new(StringComparer.OrdinalIgnoreCase))[header.Key] = string.Join(",", header.Value);
            }
        }
        return new GrpcStatus(code, message, metadata ?? NoMetadata);
    }

    /// <summary>The status a non-200 HTTP answer stands for when it carries no grpc-status (the gRPC HTTP mapping).</summary>
    public static GrpcStatus FromHttpStatus(HttpStatusCode status) => Create(status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    }, $"HTTP {(int)status} {status}");

    // grpc-message is percent-encoded (the gRPC HTTP/2 spec); '+' is not a space there.
    private static string DecodeMessage(string value) => value.Contains('%') ? Uri.UnescapeDataString(value) : value;

    public override string ToString()
    {
        var text = Message.Length > 0 ? $"{Code} ({(int)Code}): {Message}" : $"{Code} ({(int)Code})";
        return this["exception"] is { } exception ? $"{text} [exception: {exception}]" : text;
    }
}
