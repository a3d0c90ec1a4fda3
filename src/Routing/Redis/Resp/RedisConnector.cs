using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// One connection attempt, bounded by the connect timeout: find the server (ask the Sentinels, or try the
/// configured endpoints in order), open the transport, run the handshake. With several endpoints or Sentinel, the
/// server must report itself a master (ROLE), since writes to a replica fail. Every failure becomes a
/// <see cref="RedisConnectionException"/> that says which server and why.
/// </summary>
internal sealed class RedisConnector
{
    private readonly RedisOptions _options;
    private readonly RespTransportFactory _transports;
    private readonly ILogger _logger;
    private readonly SentinelResolver? _sentinel;

    public RedisConnector(RedisOptions options, RespTransportFactory transports, ILogger logger)
    {
        _options = options;
        _transports = transports;
        _logger = logger;
        Target = options.ServiceName is null ? options.EndpointsText : $"{options.ServiceName} via Sentinel {options.EndpointsText}";
        if (options.ServiceName is not null)
            _sentinel = new SentinelResolver(options, transports, Target, logger);
    }

    /// <summary>What the configuration points at, for messages before any server was reached.</summary>
    public string Target { get; }

    public async Task<RespSession> ConnectAsync(Action<RedisValue>? onPush, bool subscriber, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.ConnectTimeout);
        try
        {
            if (_sentinel is not null)
            {
                var master = await _sentinel.ResolveAsync(attempt.Token).ConfigureAwait(false);
                return await ConnectToAsync(master, requireMaster: true, onPush, subscriber, attempt.Token).ConfigureAwait(false);
            }
            if (_options.Endpoints.Count == 1)
                return await ConnectToAsync(_options.Endpoints[0], requireMaster: false, onPush, subscriber, attempt.Token).ConfigureAwait(false);
            return await ConnectToFirstMasterAsync(onPush, subscriber, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisConnectionException(Target,
                $"Redis at {Target} is unreachable: no connection within the connect timeout of {_options.ConnectTimeout.TotalMilliseconds:0} ms");
        }
    }

    private async Task<RespSession> ConnectToFirstMasterAsync(Action<RedisValue>? onPush, bool subscriber, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var endpoint in _options.Endpoints)
        {
            try
            {
                return await ConnectToAsync(endpoint, requireMaster: true, onPush, subscriber, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisConnectionException ex)
            {
                RedisLog.EndpointSkipped(_logger, endpoint.ToString(), ex.Message);
                reasons.Add(ex.Message);
            }
        }
        throw new RedisConnectionException(Target, $"Redis at {Target} is unreachable: no master among them ({string.Join("; ", reasons)})");
    }

    private async Task<RespSession> ConnectToAsync(RedisEndpoint endpoint, bool requireMaster, Action<RedisValue>? onPush, bool subscriber, CancellationToken cancellationToken)
    {
        var name = endpoint.ToString();
        IRespTransport transport;
        try
        {
            transport = await _transports(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new RedisConnectionException(name, $"Redis at {name} is unreachable: {ex.Message}", ex);
        }
        var session = new RespSession(transport, name, _logger, onPush, subscriber);
        try
        {
            await RedisHandshake.RunAsync(session, _options, cancellationToken).ConfigureAwait(false);
            var role = await RoleAsync(session, cancellationToken).ConfigureAwait(false);
            if (requireMaster && role is not ("master" or "unknown"))
                throw new RedisConnectionException(name, $"Redis at {name} is a {role}, not a master");
            RedisLog.Connected(_logger, name, session.Protocol, role);
            return session;
        }
        catch (RedisServerException ex)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new RedisConnectionException(name, $"Redis at {name} refused the connection: {ex.Error}", ex);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // ROLE names master, slave or sentinel; an ACL may forbid it, and then the configured server is trusted.
    private static async Task<string> RoleAsync(RespSession session, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await session.ExecuteAsync("ROLE", [], Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            return reply.Items.Count > 0 ? reply.Items[0].AsString() ?? "unknown" : "unknown";
        }
        catch (RedisServerException)
        {
            return "unknown";
        }
    }
}
