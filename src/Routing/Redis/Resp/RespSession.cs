using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// One connection to one server. Commands are pipelined: each is appended to the FIFO of requests awaiting a reply
/// and to the outgoing bytes in the same step, under one lock, so the FIFO order is the wire order and the reader
/// can pair every reply with the oldest waiting request. A reply nobody waits for is fatal (the stream can no longer
/// be matched); so is any read or write error. A failed session fails every waiting request (outside the lock) and
/// never recovers: the owner opens a new one.
/// </summary>
internal sealed partial class RespSession : IAsyncDisposable
{
    private readonly IRespTransport _transport;
    private readonly ILogger _logger;
    private readonly Action<RedisValue>? _onPush;
    private readonly Lock _gate = new();
    private readonly Queue<RespRequest> _awaitingReply = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private readonly Task _writing;
    private Exception? _failure;
    private long _repliesRead;

    /// <param name="onPush">Receives out-of-band frames (RESP3 pushes, pub/sub messages) on the reader loop; must be quick.</param>
    /// <param name="subscriber">True for a pub/sub connection, whose message frames are out-of-band even in RESP2.</param>
    public RespSession(IRespTransport transport, string endpoint, ILogger logger, Action<RedisValue>? onPush = null, bool subscriber = false)
    {
        _transport = transport;
        _logger = logger;
        _onPush = onPush;
        Endpoint = endpoint;
        IsSubscriber = subscriber;
        _reading = Task.Run(ReadLoopAsync);
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    public bool IsSubscriber { get; }

    /// <summary>Set by the handshake once HELLO 3 succeeded.</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp2;

    /// <summary>Completes, with the reason, when the session has failed or was disposed.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _failure) is not null;

    /// <summary>Queues a command; the returned request's reply task completes when its reply (or the session's failure) arrives.</summary>
    public RespRequest Send(string command, ReadOnlySpan<RedisArg> args)
    {
        var request = new RespRequest(command, args);
        Send(request);
        return request;
    }

    /// <summary>Queues a request; a failed session fails it at once.</summary>
    public void Send(RespRequest request)
    {
        Exception? failure;
        bool wake;
        lock (_gate)
        {
            failure = _failure;
            wake = failure is null && Enqueue(request);
        }
        if (failure is not null)
            request.Fail(ConnectionLost(failure));
        else if (wake)
            _writeSignal.Release();
    }

    /// <summary>Sends one command and waits for its reply; an error reply throws <see cref="RedisServerException"/>.</summary>
    public Task<RedisValue> ExecuteAsync(string command, RedisArg[] args, TimeSpan timeout, CancellationToken cancellationToken)
        => Send(command, args).WaitAsync(timeout, Endpoint, cancellationToken);

    /// <summary>
    /// Builds the timeout error for a request. When the server has sent nothing at all since the request was queued,
    /// it is not slow but gone (or unreachable without a reset), so the session is failed and the owner reconnects.
    /// </summary>
    public RedisTimeoutException TimedOut(RespRequest request, TimeSpan timeout)
    {
        var silent = !IsClosed && Interlocked.Read(ref _repliesRead) == request.RepliesReadWhenQueued;
        var message = $"Redis at {Endpoint} is unreachable: no reply to {request.Command} within {timeout.TotalMilliseconds:0} ms";
        if (!silent)
            return new RedisTimeoutException(Endpoint, message);
        var exception = new RedisTimeoutException(Endpoint, message + " (nothing at all came back meanwhile, so the connection is dropped and re-established)");
        Fail(exception);
        return exception;
    }

    /// <summary>Fails the session: every waiting request fails, the transport closes and <see cref="Closed"/> completes.</summary>
    public void Fail(Exception reason)
    {
        RespRequest[] waiting;
        lock (_gate)
        {
            if (_failure is not null)
                return;
            _failure = reason;
            waiting = [.. _awaitingReply];
            _awaitingReply.Clear();
            _outgoing.Clear();
        }
        // Completed outside the lock; continuations run on the thread pool (RespRequest).
        var lost = ConnectionLost(reason);
        foreach (var request in waiting)
            request.Fail(lost);
        _closed.TrySetResult(reason);
        // Wake both loops; each completes its own pipe end on the way out.
        StopLoop(_transport.Input.CancelPendingRead);
        StopLoop(_transport.Output.CancelPendingFlush);
        _writeSignal.Release();
        _ = CloseTransportAsync();
    }

    // A loop that already ended on its own has completed its pipe end, and cancelling that throws: nothing to stop then.
    private static void StopLoop(Action cancel)
    {
        try
        {
            cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RedisConnectionException(Endpoint, $"The connection to Redis at {Endpoint} was closed by this client"));
        await Task.WhenAll(_reading, _writing).ConfigureAwait(false);
        _writeSignal.Dispose();
    }

    private RedisConnectionException ConnectionLost(Exception reason) => reason as RedisConnectionException
        ?? new RedisConnectionException(Endpoint, $"Redis at {Endpoint} is unreachable: the connection was lost ({reason.Message})", reason);

    private async Task CloseTransportAsync()
    {
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The session has already failed; a close error adds nothing but is worth a trace.
            RedisLog.TransportCloseFailed(_logger, ex, Endpoint);
        }
    }
}
