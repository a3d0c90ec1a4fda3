using System.Net;
using Google.Protobuf;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// One gRPC call over an HTTP/2 stream: the request messages go out at once, then responses are read one by one
/// until the status. The status is looked for in the first header block too (a Trailers-Only answer, which is how
/// EventStoreDB returns every exception-style error) and otherwise in the trailers. Disposing an unfinished call
/// resets its stream (RST_STREAM CANCEL), which is how subscriptions end.
/// </summary>
internal sealed class GrpcCall<TResponse> : IAsyncDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcChannel _channel;
    private readonly string _method;
    private readonly MessageParser<TResponse> _parser;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan? _deadline;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private GrpcMessageReader<TResponse>? _reader;
    private GrpcStatus? _status;

    private GrpcCall(GrpcChannel channel, string method, MessageParser<TResponse> parser, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        _channel = channel;
        _method = method;
        _parser = parser;
        _callerToken = cancellationToken;
        _deadline = deadline;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } d)
        {
            _cts.CancelAfter(d);
        }
    }

    /// <summary>The status once the call has ended; null while messages may still come.</summary>
    public GrpcStatus? Status => _status;

    public static async Task<GrpcCall<TResponse>> StartAsync(
        GrpcChannel channel, string method, IReadOnlyList<IMessage> requests, GrpcCallOptions options, MessageParser<TResponse> parser, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new GrpcCall<TResponse>(channel, method, parser, options.Deadline, cancellationToken);
        try
        {
            await call.SendAsync(new GrpcRequestContent(requests), options).ConfigureAwait(false);
            return call;
        }
        catch
        {
            await call.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next response message; null when the call ended with OK.</summary>
    /// <exception cref="GrpcCallException">The call ended with another status, or the transport failed (Unavailable) or timed out (DeadlineExceeded).</exception>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled.</exception>
    public async ValueTask<TResponse?> ReadNextAsync()
    {
        if (_status is null)
        {
            try
            {
                if (await _reader!.ReadAsync(_cts.Token).ConfigureAwait(false) is { } message)
                {
                    return message;
                }
            }
            catch (Exception ex) when (ex is not GrpcCallException)
            {
                throw Translate(ex);
            }
            _status = GrpcStatus.TryRead(_response!.TrailingHeaders)
                ?? GrpcStatus.Create(GrpcStatusCode.Internal, "the response ended without a grpc-status trailer");
        }
        return _status.Code == GrpcStatusCode.OK ? null : throw new GrpcCallException(_channel.Node.ToString(), _method, _status);
    }

    /// <summary>Ends the call locally with a status of the client's own (a response that breaks the method's contract).</summary>
    public GrpcCallException Fail(GrpcStatusCode code, string message)
    {
        _status = GrpcStatus.Create(code, message);
        return new GrpcCallException(_channel.Node.ToString(), _method, _status);
    }

    private async Task SendAsync(GrpcRequestContent content, GrpcCallOptions options)
    {
        // The request lives as long as the call: its body may still be going out when the answer starts.
        _request = _channel.CreateRequest(_method, content, options);
        try
        {
            _response = await _channel.SendAsync(_request, _cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }
        if (_response.StatusCode != HttpStatusCode.OK)
        {
            _status = GrpcStatus.TryRead(_response.Headers) ?? GrpcStatus.FromHttpStatus(_response.StatusCode);
            return;
        }
        // Trailers-Only: the status is in the only header block.
        if (GrpcStatus.TryRead(_response.Headers) is { } trailersOnly)
        {
            _status = trailersOnly;
            return;
        }
        var contentType = _response.Content.Headers.ContentType?.MediaType;
        if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            _status = GrpcStatus.Create(GrpcStatusCode.Internal, $"the response's content-type is '{contentType}', not application/grpc");
            return;
        }
        try
        {
            var body = await _response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
            _reader = new GrpcMessageReader<TResponse>(body, _parser, _channel.Options.MaxReceiveMessageLength);
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }
    }

    private Exception Translate(Exception ex)
    {
        if (_callerToken.IsCancellationRequested)
        {
            return ex as OperationCanceledException ?? new OperationCanceledException("the call was cancelled", ex, _callerToken);
        }
        if (_cts.IsCancellationRequested)
        {
            _status = GrpcStatus.Create(GrpcStatusCode.DeadlineExceeded, $"no answer within {_deadline?.TotalMilliseconds:0} ms");
            return new GrpcCallException(_channel.Node.ToString(), _method, _status, ex);
        }
        _status = ex is GrpcProtocolException
            ? GrpcStatus.Create(GrpcStatusCode.Internal, ex.Message)
            : GrpcStatus.Create(GrpcStatusCode.Unavailable, Describe(ex));
        return new GrpcCallException(_channel.Node.ToString(), _method, _status, ex);
    }

    // The innermost message says what actually failed ("Connection refused"), the outer ones where.
    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!parts.Contains(e.Message))
            {
                parts.Add(e.Message);
            }
        }
        return string.Join(" <- ", parts);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
        }
        // An unread HTTP/2 response body is reset with CANCEL when disposed.
        _response?.Dispose();
        _request?.Dispose();
        _cts.Dispose();
    }
}
