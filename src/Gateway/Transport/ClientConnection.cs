using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;
using Microsoft.AspNetCore.Connections;

namespace EventBroker.Gateway.Transport;

/// <summary>
/// One client TCP connection: an outgoing queue drained by a single writer loop (responses complete out of order,
/// matched by opaque), and the broker→client request path (NOTIFY_CONSUMER_IDS_CHANGED and friends) with its own
/// opaque counter.
/// </summary>
public sealed class ClientConnection
{
    private readonly Channel<RemotingCommand> _outgoing = Channel.CreateUnbounded<RemotingCommand>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private int _nextOpaque;

    private readonly Action? _abort;

    public ClientConnection(string id, EndPoint? remote, LogicalBroker? broker, Action? abort = null)
    {
        _abort = abort;
        Id = id;
        RemoteEndPoint = remote;
        Broker = broker;
    }

    /// <summary>Kestrel's connection id, used in every log line about this connection.</summary>
    public string Id { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The logical broker this port serves; null on the name-server port.</summary>
    public LogicalBroker? Broker { get; }

    /// <summary>Set from the client's heartbeat.</summary>
    public string? ClientId { get; set; }

    public LanguageCode Language { get; set; } = LanguageCode.OTHER;

    public int Version { get; set; }

    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>The peer's address as RocketMQ records it (bornHost): IPv4-mapped addresses as plain IPv4.</summary>
    public IPEndPoint? RemoteIPEndPoint => RemoteEndPoint is IPEndPoint ip
        ? new IPEndPoint(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address, ip.Port)
        : null;

    public string RemoteAddress => RemoteIPEndPoint is { } ip ? $"{ip.Address}:{ip.Port}" : RemoteEndPoint?.ToString() ?? "unknown";

    /// <summary>Queues a command for writing. Returns false (and disposes it) once the connection is closed.</summary>
    public bool Send(RemotingCommand command)
    {
        if (_outgoing.Writer.TryWrite(command))
        {
            return true;
        }
        command.Dispose();
        return false;
    }

    /// <summary>A fresh opaque for a broker→client request.</summary>
    public int NextOpaque() => Interlocked.Increment(ref _nextOpaque);

    /// <summary>Sends a broker→client request that expects no answer.</summary>
    public bool SendOneway(RemotingCommand request)
    {
        request.Flag |= RemotingCommand.OnewayFlag;
        request.Opaque = Interlocked.Increment(ref _nextOpaque);
        return Send(request);
    }

    /// <summary>Sends a broker→client request and waits for the client's response.</summary>
    public async Task<RemotingCommand> InvokeAsync(RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var opaque = Interlocked.Increment(ref _nextOpaque);
        request.Opaque = opaque;
        var tcs = new TaskCompletionSource<RemotingCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[opaque] = tcs;
        try
        {
            if (!Send(request))
            {
                throw new IOException($"connection {Id} to {RemoteAddress} is closed");
            }
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Closed);
            cts.CancelAfter(timeout);
            return await tcs.Task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(opaque, out _);
        }
    }

    /// <summary>A response from the client: completes the broker→client request it answers; unknown opaques are dropped.</summary>
    internal bool CompleteResponse(RemotingCommand response)
    {
        if (_pending.TryRemove(response.Opaque, out var tcs))
        {
            return tcs.TrySetResult(response);
        }
        response.Dispose();
        return false;
    }

    /// <summary>Drains the outgoing queue into the transport, flushing whenever the queue runs dry.</summary>
    internal async Task RunWriterAsync(PipeWriter output)
    {
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var command))
                {
                    try
                    {
                        RemotingCommandCodec.Encode(command, output);
                    }
                    finally
                    {
                        command.Dispose();
                    }
                    if (output.UnflushedBytes > 256 * 1024)
                    {
                        await FlushAsync(output).ConfigureAwait(false);
                    }
                }
                await FlushAsync(output).ConfigureAwait(false);
            }
        }
        catch (Exception) when (IsClosed)
        {
            // The peer went away while we wrote; the read loop reports why.
        }
        finally
        {
            while (reader.TryRead(out var leftover))
            {
                leftover.Dispose();
            }
        }
    }

    private static async ValueTask FlushAsync(PipeWriter output)
    {
        var result = await output.FlushAsync().ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new ConnectionAbortedException("the transport stopped accepting output");
        }
    }

    /// <summary>Closes the TCP connection now (shutdown: the Java broker closes every channel at once).</summary>
    public void Abort()
    {
        _closed.Cancel();
        _abort?.Invoke();
    }

    /// <summary>Stops accepting output and fails waiting broker→client requests.</summary>
    internal void Close()
    {
        _outgoing.Writer.TryComplete();
        _closed.Cancel();
        foreach (var (opaque, tcs) in _pending)
        {
            if (_pending.TryRemove(opaque, out _))
            {
                tcs.TrySetException(new IOException($"connection {Id} to {RemoteAddress} closed"));
            }
        }
    }
}
