namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// A command on its way to Redis: possibly held back while a connection is re-established, then waiting in a
/// session's FIFO for its reply. Completion runs the caller's continuation on the thread pool, never on the reader
/// loop, so a slow caller cannot stall other replies.
/// </summary>
internal sealed class RespRequest
{
    private readonly TaskCompletionSource<RedisValue> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RespSession? _session;

    public RespRequest(string command, ReadOnlySpan<RedisArg> args)
    {
        Command = command;
        Payload = RespWriter.Encode(command, args);
    }

    /// <summary>The command name, for error messages.</summary>
    public string Command { get; }

    /// <summary>The encoded command.</summary>
    public byte[] Payload { get; }

    /// <summary>The session it was sent on; null while it waits for a connection.</summary>
    public RespSession? Session
    {
        get => Volatile.Read(ref _session);
        set => Volatile.Write(ref _session, value);
    }

    /// <summary>How many replies the session had read when this request was queued; used to tell a dead server from a slow one.</summary>
    public long RepliesReadWhenQueued { get; set; }

    /// <summary>True once answered, failed, timed out or abandoned: a held-back request in that state is not sent.</summary>
    public bool IsCompleted => _reply.Task.IsCompleted;

    public Task<RedisValue> Reply => _reply.Task;

    public void Complete(RedisValue value) => _reply.TrySetResult(value);

    public void Fail(Exception exception) => _reply.TrySetException(exception);

    /// <summary>
    /// Waits for the reply within <paramref name="timeout"/>; an error reply throws <see cref="RedisServerException"/>.
    /// A request that times out or is cancelled is failed too, so it is not sent later if it was still held back.
    /// </summary>
    /// <param name="endpoint">Names the server in the error when the request was never sent.</param>
    public async Task<RedisValue> WaitAsync(TimeSpan timeout, string endpoint, CancellationToken cancellationToken)
    {
        RedisValue reply;
        try
        {
            reply = await _reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            RedisException error = Session is { } session
                ? session.TimedOut(this, timeout)
                : new RedisConnectionException(endpoint,
                    $"Redis at {endpoint} is unreachable: the connection was lost and is not back after {timeout.TotalMilliseconds:0} ms");
            Fail(error);
            throw error;
        }
        catch (OperationCanceledException ex)
        {
            Fail(ex);
            throw;
        }
        return reply.IsError ? throw new RedisServerException(Command, reply.AsString() ?? "") : reply;
    }
}
