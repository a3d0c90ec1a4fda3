using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// A request body of framed messages, written in one go. Unary and server-streaming calls have one message;
/// client streaming (Append) has several, all known before the call starts, so the stream half-closes after them.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");
    private readonly IReadOnlyList<IMessage> _messages;

    public GrpcRequestContent(IReadOnlyList<IMessage> messages)
    {
        _messages = messages;
        Headers.ContentType = GrpcContentType;
    }

    public GrpcRequestContent(IMessage message) : this([message])
    {
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var message in _messages)
        {
            total += GrpcFrame.HeaderLength + message.CalculateSize();
        }
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var offset = 0;
            foreach (var message in _messages)
            {
                var size = message.CalculateSize();
                GrpcFrame.WriteHeader(buffer.AsSpan(offset), size);
                message.WriteTo(buffer.AsSpan(offset + GrpcFrame.HeaderLength, size));
                offset += GrpcFrame.HeaderLength + size;
            }
            await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // No content-length: the HTTP/2 stream's END_STREAM is the half-close gRPC servers expect.
        length = 0;
        return false;
    }
}
