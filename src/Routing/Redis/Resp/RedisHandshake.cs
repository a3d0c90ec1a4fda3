namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// What a fresh connection sends before any command: HELLO 3 (with AUTH and SETNAME folded in) to switch to RESP3,
/// or, when the server has no HELLO or no RESP3, AUTH and CLIENT SETNAME in RESP2; then SELECT.
/// </summary>
internal static class RedisHandshake
{
    public static async Task RunAsync(RespSession session, RedisOptions options, CancellationToken cancellationToken)
    {
        if (options.Protocol != RedisProtocol.Resp2 && await TryHelloAsync(session, options, cancellationToken).ConfigureAwait(false))
        {
            session.Protocol = RedisProtocol.Resp3;
        }
        else
        {
            if (options.Password is not null)
                await ExecuteAsync(session, "AUTH", options.User is null ? [options.Password] : [options.User, options.Password], cancellationToken).ConfigureAwait(false);
            if (options.ClientName is not null)
                await ExecuteAsync(session, "CLIENT", ["SETNAME", options.ClientName], cancellationToken).ConfigureAwait(false);
        }
        if (options.DefaultDatabase != 0)
            await ExecuteAsync(session, "SELECT", [options.DefaultDatabase], cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> TryHelloAsync(RespSession session, RedisOptions options, CancellationToken cancellationToken)
    {
        List<RedisArg> args = ["3"];
        if (options.Password is not null)
            args.AddRange(["AUTH", options.User ?? "default", options.Password]);
        if (options.ClientName is not null)
            args.AddRange(["SETNAME", options.ClientName]);
        try
        {
            await ExecuteAsync(session, "HELLO", [.. args], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedisServerException ex) when (options.Protocol is null && IsHelloUnsupported(ex))
        {
            return false;
        }
    }

    // Redis before 6 has no HELLO ("ERR unknown command"); a server without RESP3 answers NOPROTO.
    private static bool IsHelloUnsupported(RedisServerException ex)
        => ex.Prefix == "NOPROTO" || ex.Error.StartsWith("ERR unknown command", StringComparison.OrdinalIgnoreCase);

    private static Task<RedisValue> ExecuteAsync(RespSession session, string command, RedisArg[] args, CancellationToken cancellationToken)
        => session.ExecuteAsync(command, args, Timeout.InfiniteTimeSpan, cancellationToken);
}
