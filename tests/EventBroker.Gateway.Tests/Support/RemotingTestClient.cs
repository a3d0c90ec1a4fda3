using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;

namespace EventBroker.Gateway.Tests.Support;

/// <summary>
/// A minimal remoting client over real TCP: sends requests, matches responses by opaque, and collects requests the
/// broker sends to the client (NOTIFY_CONSUMER_IDS_CHANGED). Shared with the benchmark (linked source).
/// </summary>
public sealed class RemotingTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly Task _readLoop;
    private int _opaque;

    private RemotingTestClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Requests the broker sent to this client.</summary>
    public Channel<RemotingCommand> ServerRequests { get; } = Channel.CreateUnbounded<RemotingCommand>();

    public SerializeType SerializeType { get; set; } = SerializeType.Json;

    public static async Task<RemotingTestClient> ConnectAsync(string host, int port, CancellationToken ct = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
        return new RemotingTestClient(socket);
    }

    public async Task<RemotingCommand> InvokeAsync(RemotingCommand request, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var opaque = Interlocked.Increment(ref _opaque);
        request.Opaque = opaque;
        request.SerializeType = SerializeType;
        var tcs = new TaskCompletionSource<RemotingCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[opaque] = tcs;
        try
        {
            await WriteAsync(request, ct).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(opaque, out _);
        }
    }

    public async Task SendOnewayAsync(RemotingCommand request, CancellationToken ct = default)
    {
        request.Opaque = Interlocked.Increment(ref _opaque);
        request.Flag |= RemotingCommand.OnewayFlag;
        request.SerializeType = SerializeType;
        await WriteAsync(request, ct).ConfigureAwait(false);
    }

    /// <summary>Writes raw bytes (for bad-input tests).</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Completes when the broker closes the connection.</summary>
    public Task Completion => _readLoop;

    private async Task WriteAsync(RemotingCommand request, CancellationToken ct)
    {
        var bytes = RemotingCommandCodec.EncodeToArray(request);
        await WriteRawAsync(bytes, ct).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame))
                    {
                        var command = RemotingCommandCodec.Decode(frame);
                        if (command.IsResponse)
                        {
                            if (_pending.TryRemove(command.Opaque, out var tcs))
                            {
                                tcs.TrySetResult(command);
                            }
                        }
                        else
                        {
                            ServerRequests.Writer.TryWrite(command);
                        }
                    }
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception) when (!_socket.Connected)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            foreach (var (_, tcs) in _pending)
            {
                tcs.TrySetException(new IOException("the broker closed the connection"));
            }
            ServerRequests.Writer.TryComplete();
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        _stream.Dispose();
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }
}
