namespace EventBroker.Routing.Redis.Resp;

/// <summary>A server address as written in a configuration string: host (name, IPv4 or IPv6) and port.</summary>
public sealed record RedisEndpoint(string Host, int Port)
{
    public const int DefaultPort = 6379;
    public const int DefaultSentinelPort = 26379;

    /// <summary>host:port, with an IPv6 host in brackets.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
