using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Asks the Sentinels, in order, where the master of a service is (<c>SENTINEL get-master-addr-by-name</c>). Asked
/// again on every connection attempt, so after a failover the next reconnect finds the promoted replica. Sentinels
/// are contacted without AUTH: the user and password of the options are the data servers'.
/// </summary>
internal sealed class SentinelResolver
{
    private readonly RedisOptions _options;
    private readonly RespTransportFactory _transports;
    private readonly string _target;
    private readonly ILogger _logger;

    public SentinelResolver(RedisOptions options, RespTransportFactory transports, string target, ILogger logger)
    {
        _target = target;
        _options = options;
        _transports = transports;
        _logger = logger;
    }

    public async Task<RedisEndpoint> ResolveAsync(CancellationToken cancellationToken)
    {
        var serviceName = _options.ServiceName!;
        var reasons = new List<string>();
        foreach (var sentinel in _options.Endpoints)
        {
            try
            {
                var master = await AskAsync(sentinel, serviceName, cancellationToken).ConfigureAwait(false);
                if (master is not null)
                {
                    RedisLog.SentinelResolved(_logger, sentinel.ToString(), master.ToString(), serviceName);
                    return master;
                }
                reasons.Add($"{sentinel} does not know '{serviceName}'");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RedisLog.SentinelFailed(_logger, sentinel.ToString(), serviceName, ex.Message);
                reasons.Add($"{sentinel}: {ex.Message}");
            }
        }
        throw new RedisConnectionException(_target,
            $"Redis at {_target} is unreachable: no Sentinel named the master ({string.Join("; ", reasons)})");
    }

    private async Task<RedisEndpoint?> AskAsync(RedisEndpoint sentinel, string serviceName, CancellationToken cancellationToken)
    {
        var transport = await _transports(sentinel, cancellationToken).ConfigureAwait(false);
        var session = new RespSession(transport, sentinel.ToString(), _logger);
        await using var closing = session.ConfigureAwait(false);
        var reply = await session.ExecuteAsync("SENTINEL", ["get-master-addr-by-name", serviceName], Timeout.InfiniteTimeSpan, cancellationToken)
            .ConfigureAwait(false);
        if (reply.IsNull)
            return null;
        if (reply.Items.Count != 2 || !int.TryParse(reply.Items[1].AsString(), out var port))
            throw new RedisProtocolException($"Unexpected reply to SENTINEL get-master-addr-by-name: {reply}");
        return new RedisEndpoint(reply.Items[0].AsString()!, port);
    }
}
