using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using EventBroker.Protocol;
using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Remoting;

/// <summary>
/// One TCP connection to a name server or broker. Requests are matched to responses by opaque, so any number may be
/// in flight and answered in any order; the server may also send requests of its own, which go to the
/// <see cref="IServerRequestHandler"/>. Frames are written by one loop (coalescing what queued up into one flush) and
/// read by another.
/// </summary>
internal sealed partial class RemotingConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly IServerRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly int _maxFrameLength;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _nextOpaque;
    private int _closing;

    private RemotingConnection(string address, Socket socket, IServerRequestHandler handler, int maxFrameLength, ILogger logger)
    {
        Address = address;
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(stream);
        _output = PipeWriter.Create(stream);
        _handler = handler;
        _maxFrameLength = maxFrameLength;
        _logger = logger;
    }

    /// <summary>The <c>host:port</c> this connection was opened to.</summary>
    public string Address { get; }

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <exception cref="BrokerConnectionException">The address is malformed or the connection could not be opened in time.</exception>
    public static async Task<RemotingConnection> ConnectAsync(
        string address, IServerRequestHandler handler, ConnectionSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var endpoint = ParseEndpoint(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new BrokerConnectionException($"could not connect to {address}: {(ex is OperationCanceledException ? $"no answer within {settings.ConnectTimeout.TotalMilliseconds} ms" : ex.Message)}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new RemotingConnection(address, socket, handler, settings.MaxFrameLength, logger);
        connection._readLoop = connection.ReadLoopAsync();
        connection._writeLoop = connection.WriteLoopAsync();
        ClientLog.Connected(logger, address);
        return connection;
    }

    /// <summary>Sends a request and waits for the response with the same opaque.</summary>
    public async Task<RemotingCommand> InvokeAsync(RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var opaque = Interlocked.Increment(ref _nextOpaque);
        request.Opaque = opaque;
        request.Flag &= ~(RemotingCommand.ResponseFlag | RemotingCommand.OnewayFlag);
        var response = new TaskCompletionSource<RemotingCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[opaque] = response;
        try
        {
            // Registered before queueing: a close after this point fails it; a close before it completed the channel.
            if (!_outgoing.Writer.TryWrite(new Outgoing(request, response)))
            {
                throw ClosedException();
            }
            return await response.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BrokerTimeoutException($"no response from {Address} to request code {request.Code} within {timeout.TotalMilliseconds:0} ms");
        }
        finally
        {
            _pending.TryRemove(opaque, out _);
        }
    }

    /// <summary>Queues a request the server will not answer.</summary>
    public void SendOneway(RemotingCommand request)
    {
        request.Opaque = Interlocked.Increment(ref _nextOpaque);
        request.Flag = (request.Flag & ~RemotingCommand.ResponseFlag) | RemotingCommand.OnewayFlag;
        if (!_outgoing.Writer.TryWrite(new Outgoing(request, null)))
        {
            throw ClosedException();
        }
    }

    /// <summary>Finishes writing what is queued, then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writeLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The peer stopped reading; close anyway.
        }
        Close(null);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Already reported by Close.
        }
    }

    private void Close(Exception? error)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        _outgoing.Writer.TryComplete();
        // Never disposed: server-request handlers may still read its token after the connection is gone.
        _closed.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        _socket.Dispose();
        if (error is null)
        {
            ClientLog.ConnectionClosed(_logger, Address);
        }
        else
        {
            ClientLog.ConnectionFailed(_logger, Address, error.Message);
        }

        // Complete waiters after the state change and outside any lock, so their continuations see a closed connection.
        var exception = error is null ? ClosedException() : new BrokerConnectionException($"the connection to {Address} failed: {error.Message}", error);
        foreach (var opaque in _pending.Keys)
        {
            if (_pending.TryRemove(opaque, out var waiter))
            {
                waiter.TrySetException(exception);
            }
        }
    }

    private BrokerConnectionException ClosedException() => new($"the connection to {Address} is closed");

    private static EndPoint ParseEndpoint(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new BrokerConnectionException($"'{address}' is not a host:port address");
        }
        var host = address[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    private readonly record struct Outgoing(RemotingCommand Command, TaskCompletionSource<RemotingCommand>? Response);
}
