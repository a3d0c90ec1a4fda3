using EventBroker.Protocol;
using EventBroker.Protocol.Frames;

namespace EventBroker.Client.Internal.Remoting;

internal sealed partial class RemotingConnection
{
    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    Encode(item);
                }
                var flushed = await _output.FlushAsync(_closed.Token).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed while flushing.
        }
        catch (Exception ex)
        {
            error = ex;
        }
        if (error is not null)
        {
            Close(error);
        }
    }

    /// <summary>A command that cannot be encoded fails alone; the stream stays intact because nothing was written.</summary>
    private void Encode(Outgoing item)
    {
        try
        {
            RemotingCommandCodec.Encode(item.Command, _output);
        }
        catch (Exception ex) when (ex is RemotingProtocolException or ArgumentException)
        {
            item.Response?.TrySetException(new EventBrokerException($"request code {item.Command.Code} could not be encoded: {ex.Message}", ex));
        }
    }

    /// <summary>The Kestrel read-loop shape: read, split whole frames, advance past them (examined to the end).</summary>
    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (RemotingFrameReader.TryReadFrame(ref buffer, _maxFrameLength, out var frame))
                    {
                        Dispatch(RemotingCommandCodec.Decode(frame));
                    }
                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            error = new IOException($"the connection ended inside a frame ({buffer.Length} bytes left)");
                        }
                        break;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed locally.
        }
        catch (Exception ex)
        {
            // A malformed frame desynchronises the stream: nothing after it can be trusted, so the connection goes.
            error = ex;
        }
        Close(error);
    }

    private void Dispatch(RemotingCommand command)
    {
        if (command.IsResponse)
        {
            // A response nobody waits for belongs to a request that timed out or was cancelled: opaques are unique per
            // connection, so dropping it cannot mismatch another request (unlike a FIFO protocol).
            if (_pending.TryRemove(command.Opaque, out var waiter) && waiter.TrySetResult(command))
            {
                return;
            }
            ClientLog.UnmatchedResponse(_logger, Address, command.Opaque, command.Code);
            command.Dispose();
            return;
        }
        _ = Task.Run(() => HandleServerRequestAsync(command));
    }

    private async Task HandleServerRequestAsync(RemotingCommand request)
    {
        RemotingCommand? response;
        try
        {
            response = await _handler.HandleAsync(Address, request, _closed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsClosed)
        {
            request.Dispose();
            return;
        }
        catch (Exception ex)
        {
            ClientLog.ServerRequestFailed(_logger, ex, Address, request.Code);
            response = RemotingCommand.CreateResponse(request, ResponseCode.SystemError, ex.Message);
        }
        var oneway = request.IsOneway;
        var opaque = request.Opaque;
        request.Dispose();
        if (response is null || oneway)
        {
            return;
        }
        response.Opaque = opaque;
        response.Flag = RemotingCommand.ResponseFlag;
        response.Language = LanguageCode.DOTNET;
        response.Version = MQVersion.Current;
        _outgoing.Writer.TryWrite(new Outgoing(response, null));
    }
}
