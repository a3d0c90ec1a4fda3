namespace EventBroker.Routing.Redis.Resp;

/// <summary>Redis answered with an error reply, such as <c>NOSCRIPT No matching script</c> or <c>WRONGPASS …</c>.</summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string command, string error)
        : base($"Redis answered {command} with an error: {error}")
    {
        Command = command;
        Error = error;
        var space = error.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? error : error[..space];
    }

    public string Command { get; }

    /// <summary>The whole error text as Redis sent it.</summary>
    public string Error { get; }

    /// <summary>The error code, Redis's first word: ERR, NOSCRIPT, WRONGPASS, NOAUTH, READONLY, LOADING…</summary>
    public string Prefix { get; }
}
