using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Google.Protobuf;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>
/// One answer the <see cref="RecordedEventStoreServer"/> gives: to the next call of <see cref="Method"/> on
/// <see cref="Node"/> (any node when null) whose request satisfies <see cref="Accepts"/>, the recorded response
/// messages, then the recorded trailers, or a single Trailers-Only header block.
/// </summary>
internal sealed record RecordedExchange
{
    public required string Method { get; init; }

    /// <summary>Index of the node that answers; null for any.</summary>
    public int? Node { get; init; }

    /// <summary>Chooses among exchanges of the same method by the request messages (their bytes, prefixes stripped).</summary>
    public Func<IReadOnlyList<byte[]>, bool>? Accepts { get; init; }

    /// <summary>Response messages (protobuf bytes, without the gRPC prefix).</summary>
    public IReadOnlyList<byte[]> Messages { get; init; } = [];

    /// <summary>Messages sent only after <see cref="Release"/> completes (a live event after a subscription confirmed).</summary>
    public IReadOnlyList<byte[]> LateMessages { get; init; } = [];

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The trailing header block; in Trailers-Only mode, the extra headers of the only block.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; } = [new("grpc-status", "0")];

    public bool TrailersOnly { get; init; }

    /// <summary>Keep the stream open after the messages until the client resets it (a subscription).</summary>
    public bool HoldOpen { get; init; }

    /// <summary>Never answer: the client's deadline has to end the call.</summary>
    public bool Stall { get; init; }

    /// <summary>The recorded call <paramref name="call"/> of <paramref name="recording"/>, as the server answered it.</summary>
    public static RecordedExchange FromCall(Recording recording, int call, int? node = null)
    {
        var lines = recording.Call(call).ToList();
        var method = lines.First(l => l.Method is not null).Method!;
        var trailersOnly = lines.FirstOrDefault(l => l.Kind == "response_trailers_only");
        if (trailersOnly is not null)
        {
            return new RecordedExchange
            {
                Method = method,
                Node = node,
                TrailersOnly = true,
                Trailers = trailersOnly.Headers.Where(h => !IsTransportHeader(h.Key)).ToList(),
            };
        }
        var trailers = lines.FirstOrDefault(l => l.Kind == "response_trailers");
        return new RecordedExchange
        {
            Method = method,
            Node = node,
            Messages = lines.Where(l => l.Kind == "response_message").Select(l => l.Bytes).ToList(),
            Trailers = trailers?.Headers ?? [],
            // Cancelled by the client (a subscription): no trailers were ever sent.
            HoldOpen = trailers is null,
        };
    }

    public static RecordedExchange Answer(string method, params IMessage[] messages)
        => new() { Method = method, Messages = messages.Select(m => m.ToByteArray()).ToList() };

    public static RecordedExchange Failure(string method, GrpcStatusCode code, string message, params KeyValuePair<string, string>[] metadata)
        => new()
        {
            Method = method,
            TrailersOnly = true,
            Trailers = [.. metadata, new("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("grpc-message", message)],
        };

    private static bool IsTransportHeader(string name) => name.StartsWith(':') || name is "content-type" or "date" or "server" or "content-length";
}

/// <summary>A call as the server received it.</summary>
internal sealed record ReceivedCall(int Node, string Method, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<byte[]> Requests, Task Aborted)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
