using System.IO.Pipelines;
using Google.Protobuf;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>
/// Reads length-prefixed messages off a response body. A message may span DATA frames and a frame may hold several
/// messages; the pipe reassembles them.
/// </summary>
internal sealed class GrpcMessageReader<T>(Stream body, MessageParser<T> parser, int maxMessageLength) : IAsyncDisposable
    where T : IMessage<T>
{
    private readonly PipeReader _reader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));

    /// <summary>The next message, or default when the body ended cleanly after a whole message.</summary>
    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (GrpcFrame.TryRead(ref buffer, maxMessageLength, out var payload))
            {
                T message;
                try
                {
                    message = parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new GrpcProtocolException($"a {typeof(T).Name} could not be decoded: {ex.Message}");
                }
                finally
                {
                    // Consumed and examined only up to the message: further whole messages may already be buffered.
                    _reader.AdvanceTo(buffer.Start);
                }
                return message;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new GrpcProtocolException($"the response ended inside a message ({buffer.Length} bytes left over)");
                }
                return default;
            }
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();
}
