using System.Net;
using Google.Protobuf;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// The HTTP/2 connection(s) to one node. Calls are multiplexed as streams; the handler answers the server's PINGs
/// and sends its own when the connection is idle.
/// </summary>
internal sealed class GrpcChannel : IDisposable
{
    private readonly Uri _baseAddress;
    private readonly HttpMessageInvoker _invoker;

    public GrpcChannel(NodeEndpoint node, GrpcChannelOptions options, HttpMessageHandler? handler = null)
    {
        Node = node;
        Options = options;
        _baseAddress = node.ToUri(options.UseTls);
        _invoker = new HttpMessageInvoker(handler ?? GrpcHttpHandler.Create(options), disposeHandler: true);
    }

    public NodeEndpoint Node { get; }

    public GrpcChannelOptions Options { get; }

    /// <summary>Starts a call; the caller reads its responses and disposes it (which cancels it if unfinished).</summary>
    public Task<GrpcCall<TResponse>> StartCallAsync<TResponse>(
        string method, IReadOnlyList<IMessage> requests, GrpcCallOptions options, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
        => GrpcCall<TResponse>.StartAsync(this, method, requests, options, parser, cancellationToken);

    /// <summary>A unary or client-streaming call: the requests, then exactly one response.</summary>
    public async Task<TResponse> CallAsync<TResponse>(
        string method, IReadOnlyList<IMessage> requests, GrpcCallOptions options, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var call = await StartCallAsync(method, requests, options, parser, cancellationToken).ConfigureAwait(false);
        await using (call.ConfigureAwait(false))
        {
            var response = await call.ReadNextAsync().ConfigureAwait(false)
                ?? throw call.Fail(GrpcStatusCode.Internal, "the server ended the call without a response message");
            if (await call.ReadNextAsync().ConfigureAwait(false) is not null)
            {
                throw call.Fail(GrpcStatusCode.Internal, "the server sent more than one response message to a unary call");
            }
            return response;
        }
    }

    internal Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => _invoker.SendAsync(request, cancellationToken);

    internal HttpRequestMessage CreateRequest(string method, HttpContent content, GrpcCallOptions options)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, method))
        {
            Version = HttpVersion.Version20,
            // h2c needs prior knowledge: no fallback to HTTP/1.1, no Upgrade.
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        headers.TryAddWithoutValidation("user-agent", Options.UserAgent);
        if (options.Deadline is { } deadline)
        {
            headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(deadline));
        }
        if (options.RequiresLeader)
        {
            headers.TryAddWithoutValidation("requires-leader", "true");
        }
        if (Options.ConnectionName is { } name)
        {
            headers.TryAddWithoutValidation("connection-name", name);
        }
        if (Options.Authorization is { } authorization && Options.UseTls)
        {
            headers.TryAddWithoutValidation("authorization", authorization);
        }
        return request;
    }

    public void Dispose() => _invoker.Dispose();
}
