using System.IO.Pipelines;
using System.Net.Sockets;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;

namespace EventBroker.Bench.Transport;

/// <summary>
/// One TCP connection carrying many requests at once, matched to their slots by opaque. Writers append frames
/// to an in-memory pipe under a short lock; a single send loop drains it, so frames written while a send is in
/// progress leave in one syscall. The pipe never applies back-pressure: what is buffered is bounded by the
/// number of slots, each holding at most one request.
/// </summary>
public sealed class RemotingClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Pipe _outgoing = new(new PipeOptions(
        pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
    private readonly Lock _writeLock = new();
    private readonly RequestSlot[] _slots = new RequestSlot[RequestSlot.MaxSlots];
    private int _slotCount;
    private volatile bool _closed;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;

    private RemotingClient(Socket socket, string address)
    {
        _socket = socket;
        Address = address;
    }

    public string Address { get; }

    public bool IsClosed => _closed;

    public static async Task<RemotingClient> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var (host, port) = ParseAddress(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var client = new RemotingClient(socket, address);
        client._sendLoop = Task.Run(client.SendLoopAsync, CancellationToken.None);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    public static (string Host, int Port) ParseAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out var port))
        {
            throw new ArgumentException($"'{address}' is not host:port", nameof(address));
        }
        return (address[..colon], port);
    }

    public RequestSlot CreateSlot(bool decodeFully)
    {
        lock (_writeLock)
        {
            if (_slotCount == RequestSlot.MaxSlots)
            {
                throw new InvalidOperationException($"at most {RequestSlot.MaxSlots} requests can be in flight on one connection");
            }
            var slot = new RequestSlot(_slotCount, decodeFully);
            Volatile.Write(ref _slots[_slotCount], slot);
            _slotCount++;
            return slot;
        }
    }

    /// <summary>Arms the slot, writes the frame and returns the pending response.</summary>
    public ValueTask<RemotingResponse> SendAsync(RequestSlot slot, IFrameSource source)
    {
        var opaque = slot.NextOpaque();
        var response = slot.Arm(opaque);
        var length = source.GetLength(opaque);
        if (!TryWrite(length, source, opaque))
        {
            slot.Fail(RemotingResponse.ConnectionLost);
        }
        return response;
    }

    /// <summary>Sends a command built the ordinary way; for the few requests that are not on the hot path.</summary>
    public ValueTask<RemotingResponse> SendAsync(RequestSlot slot, RemotingCommand request) =>
        SendAsync(slot, new CommandFrameSource(request));

    /// <summary>Gives every request in flight longer than <paramref name="timeout"/> a <see cref="RemotingResponse.Timeout"/>.</summary>
    public void ExpireOlderThan(TimeSpan timeout)
    {
        var cutoff = System.Diagnostics.Stopwatch.GetTimestamp() - (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var count = Volatile.Read(ref _slotCount);
        for (var i = 0; i < count; i++)
        {
            Volatile.Read(ref _slots[i])?.FailIfOlderThan(cutoff);
        }
    }

    private bool TryWrite(int length, IFrameSource source, int opaque)
    {
        ValueTask<FlushResult> flush;
        lock (_writeLock)
        {
            if (_closed)
            {
                return false;
            }
            var writer = _outgoing.Writer;
            source.Write(writer.GetSpan(length)[..length], opaque);
            writer.Advance(length);
            // Without a pause threshold this completes at once; it only wakes the send loop.
            flush = writer.FlushAsync();
        }
        if (!flush.IsCompleted)
        {
            flush.AsTask().GetAwaiter().GetResult();
        }
        return true;
    }

    private async Task SendLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    var remaining = segment;
                    while (!remaining.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
                        remaining = remaining[sent..];
                    }
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The receive loop notices the dead socket too and fails the pending requests.
        }
        finally
        {
            Close();
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame))
                {
                    Dispatch(frame);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or RemotingProtocolException)
        {
            if (!_closed)
            {
                Console.Error.WriteLine($"connection to {Address} failed: {e.Message}");
            }
        }
        finally
        {
            Close();
            await reader.CompleteAsync().ConfigureAwait(false);
            FailAll();
        }
    }

    private void Dispatch(in RemotingFrame frame)
    {
        if (!HeaderPeek.TryRead(frame, out var code, out var opaque, out var flag))
        {
            return;
        }
        // Requests from the broker (NOTIFY_CONSUMER_IDS_CHANGED and the like) need no answer from a load generator.
        if ((flag & RemotingCommand.ResponseFlag) == 0)
        {
            return;
        }
        var index = opaque & (RequestSlot.MaxSlots - 1);
        if (index < Volatile.Read(ref _slotCount))
        {
            Volatile.Read(ref _slots[index])?.Complete(frame, code, opaque);
        }
    }

    private void FailAll()
    {
        var count = Volatile.Read(ref _slotCount);
        for (var i = 0; i < count; i++)
        {
            Volatile.Read(ref _slots[i])?.Fail(RemotingResponse.ConnectionLost);
        }
    }

    private void Close()
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _outgoing.Writer.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _sendLoop.ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
    }

    /// <summary>Encodes an ordinary command; allocates, so only for setup, pulls and offsets.</summary>
    private sealed class CommandFrameSource(RemotingCommand command) : IFrameSource
    {
        private byte[] _frame = [];

        public int GetLength(int opaque)
        {
            command.Opaque = opaque;
            _frame = RemotingCommandCodec.EncodeToArray(command);
            return _frame.Length;
        }

        public void Write(Span<byte> destination, int opaque) => _frame.CopyTo(destination);
    }
}
