using Microsoft.Extensions.Logging;
using Polly;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Keeps one session open: when it fails, reconnects with jittered exponential backoff (Polly) until it succeeds or
/// the owner is disposed. Commands issued while the first attempt after a loss is still running are held back in
/// issue order and sent on the new session (a server restart is usually over by then); once an attempt has failed,
/// Redis is known to be down, and held-back and new commands fail at once with the reason instead of each waiting
/// out its timeout.
/// </summary>
internal sealed class SessionSupervisor : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<RespSession>> _connect;
    private readonly string _target;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<RespSession> _retry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Queue<RespRequest> _backlog = new();
    private RespSession? _current;
    private Exception? _down;
    private Task _supervising = Task.CompletedTask;
    private bool _disposed;

    private SessionSupervisor(RedisOptions options, Func<CancellationToken, Task<RespSession>> connect, string target, ILogger logger)
    {
        _connect = connect;
        _target = target;
        _logger = logger;
        _retry = ReconnectBackoff.Create<RespSession>(options, () => !_stopping.IsCancellationRequested,
            (attempt, error, delay) => RedisLog.ReconnectFailed(_logger, _target, attempt, error.Message, (long)delay.TotalMilliseconds));
    }

    /// <summary>The server of the current session, or the configured target when there is none.</summary>
    public string Endpoint => Volatile.Read(ref _current)?.Endpoint ?? _target;

    public bool IsConnected => Volatile.Read(ref _current) is { IsClosed: false };

    /// <summary>Raised on the supervisor's task after every reconnection (not the first connection); handlers must not block.</summary>
    public event Action? Reconnected;

    /// <summary>
    /// Starts supervising. With <see cref="RedisOptions.AbortOnConnectFail"/> the first attempt is made here and its
    /// failure thrown; otherwise every attempt, the first included, runs in the background.
    /// </summary>
    /// <param name="connect">One attempt, bounded by the connect timeout; it also restores what the owner keeps on the connection (subscriptions).</param>
    public static async Task<SessionSupervisor> StartAsync(
        RedisOptions options, Func<CancellationToken, Task<RespSession>> connect, string target, ILogger logger, CancellationToken cancellationToken)
    {
        var supervisor = new SessionSupervisor(options, connect, target, logger);
        RespSession? first = null;
        if (options.AbortOnConnectFail)
        {
            first = await connect(cancellationToken).ConfigureAwait(false);
            supervisor.Up(first);
        }
        supervisor._supervising = Task.Run(() => supervisor.SuperviseAsync(first));
        return supervisor;
    }

    /// <summary>Sends on the open session, holds the request back while a reconnection is under way, or fails it while Redis is down.</summary>
    public void Send(RespRequest request)
    {
        Exception? failure = null;
        lock (_gate)
        {
            if (_disposed)
                failure = new ObjectDisposedException(nameof(SessionSupervisor), $"The connection to Redis at {Endpoint} was disposed");
            else if (_current is { IsClosed: false } session)
                session.Send(request); // under _gate, so held-back requests always go first
            else if (_down is { } down)
                failure = Unreachable(down);
            else
                _backlog.Enqueue(request);
        }
        if (failure is not null)
            request.Fail(failure);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _supervising.ConfigureAwait(false);
        FailBacklog(new ObjectDisposedException(nameof(SessionSupervisor), $"The connection to Redis at {Endpoint} was disposed"));
        _stopping.Dispose();
    }

    private async Task SuperviseAsync(RespSession? session)
    {
        try
        {
            while (true)
            {
                if (session is null)
                {
                    session = await _retry.ExecuteAsync(AttemptAsync, _stopping.Token).ConfigureAwait(false);
                    Up(session);
                    RaiseReconnected();
                }
                var reason = await session.Closed.WaitAsync(_stopping.Token).ConfigureAwait(false);
                Lost(session, reason);
                await session.DisposeAsync().ConfigureAwait(false);
                session = null;
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Disposed: the cancellation itself, or an attempt that failed as disposal began (the retry then stops
            // and hands back that attempt's failure, which nobody is waiting for any more).
        }
        finally
        {
            lock (_gate)
                _current = null;
            if (session is not null)
                await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<RespSession> AttemptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _connect(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
                _down = ex;
            FailBacklog(Unreachable(ex));
            throw;
        }
    }

    private void Up(RespSession session)
    {
        lock (_gate)
        {
            while (_backlog.TryDequeue(out var request))
            {
                if (!request.IsCompleted)
                    session.Send(request);
            }
            _current = session;
            _down = null;
        }
    }

    private void Lost(RespSession session, Exception reason)
    {
        lock (_gate)
        {
            if (_current == session)
                _current = null;
        }
        RedisLog.ConnectionLost(_logger, session.Endpoint, reason.Message);
    }

    private void FailBacklog(Exception reason)
    {
        RespRequest[] failed;
        lock (_gate)
        {
            failed = [.. _backlog];
            _backlog.Clear();
        }
        foreach (var request in failed)
            request.Fail(reason);
    }

    private void RaiseReconnected()
    {
        try
        {
            Reconnected?.Invoke();
        }
        catch (Exception ex)
        {
            // A faulty listener must not end supervision.
            RedisLog.ListenerFailed(_logger, ex, Endpoint);
        }
    }

    // A new exception per caller: one instance thrown on many threads would mix their stack traces.
    private RedisConnectionException Unreachable(Exception down) => new(_target,
        down is RedisConnectionException ? down.Message : $"Redis at {_target} is unreachable: {down.Message}", down);
}
