using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// The command connection: one shared, pipelined connection for any number of concurrent callers, re-established in
/// the background when it breaks. Every call completes within the sync timeout: with a reply, a
/// <see cref="RedisServerException"/> for an error reply, a <see cref="RedisTimeoutException"/>, or at once with a
/// <see cref="RedisConnectionException"/> while Redis is known to be down. Pub/sub needs its own connection:
/// <see cref="RedisSubscriber"/>.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly SessionSupervisor _supervisor;

    private RedisConnection(RedisOptions options, SessionSupervisor supervisor)
    {
        Options = options;
        _supervisor = supervisor;
    }

    public RedisOptions Options { get; }

    /// <summary>host:port of the server in use, or the configured endpoints while there is none.</summary>
    public string Endpoint => _supervisor.Endpoint;

    public bool IsConnected => _supervisor.IsConnected;

    /// <summary>Raised after the connection was lost and is back (on a background task; handlers must not block).</summary>
    public event Action? Reconnected
    {
        add => _supervisor.Reconnected += value;
        remove => _supervisor.Reconnected -= value;
    }

    /// <summary>
    /// Connects and keeps the connection up. With <see cref="RedisOptions.AbortOnConnectFail"/> (the default) a
    /// failed first attempt throws <see cref="RedisConnectionException"/>; otherwise this returns at once and calls
    /// fail fast until the background attempts succeed.
    /// </summary>
    public static Task<RedisConnection> ConnectAsync(RedisOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectAsync(options, logger, SocketTransport.Factory(options), cancellationToken);
    }

    internal static async Task<RedisConnection> ConnectAsync(RedisOptions options, ILogger? logger, RespTransportFactory transports, CancellationToken cancellationToken)
    {
        var log = logger ?? NullLogger.Instance;
        var connector = new RedisConnector(options, transports, log);
        var supervisor = await SessionSupervisor.StartAsync(
            options, ct => connector.ConnectAsync(onPush: null, subscriber: false, ct), connector.Target, log, cancellationToken).ConfigureAwait(false);
        return new RedisConnection(options, supervisor);
    }

    public ValueTask<RedisValue> ExecuteAsync(string command, params RedisArg[] args) => ExecuteAsync(command, args, CancellationToken.None);

    /// <summary>Sends a command and returns its reply; an error reply throws <see cref="RedisServerException"/>.</summary>
    public async ValueTask<RedisValue> ExecuteAsync(string command, RedisArg[] args, CancellationToken cancellationToken)
    {
        // Encoded now: the caller may reuse its buffers as soon as this returns, even if the command is held back.
        var request = new RespRequest(command, args);
        _supervisor.Send(request);
        return await request.WaitAsync(Options.SyncTimeout, _supervisor.Endpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a script by EVALSHA, falling back to EVAL when the server does not have it cached (NOSCRIPT).</summary>
    public async ValueTask<RedisValue> EvalAsync(RedisScript script, RedisArg[] keys, RedisArg[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return await ExecuteAsync("EVALSHA", [script.Sha1, keys.Length, .. keys, .. args], cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Prefix == "NOSCRIPT")
        {
            return await ExecuteAsync("EVAL", [script.Text, keys.Length, .. keys, .. args], cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _supervisor.DisposeAsync();
}
