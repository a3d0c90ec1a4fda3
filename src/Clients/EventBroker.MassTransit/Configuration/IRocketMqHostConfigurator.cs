namespace MassTransit;

/// <summary>Where the name servers are and how to sign requests.</summary>
public interface IRocketMqHostConfigurator
{
    /// <summary>Name-server addresses, <c>host:port</c> each.</summary>
    void NameServers(params string[] nameServers);

    /// <summary>ACL credentials (RocketMQ's plain ACL); every request is signed with them.</summary>
    void Credentials(string accessKey, string secretKey);

    /// <summary>The client's instance name (part of its client id).</summary>
    string? InstanceName { set; }
}
