using EventBroker.Client;

namespace MassTransit.RocketMqTransport;

/// <summary>What the host configurator collected: the client's options.</summary>
public sealed class RocketMqHostSettings : IRocketMqHostConfigurator
{
    public List<string> NameServerList { get; } = ["127.0.0.1:9876"];

    public AclCredentials? AclCredentials { get; private set; }

    public string? InstanceName { get; set; }

    public RocketMqDelayLevels DelayLevels { get; private set; } = RocketMqDelayLevels.Parse(RocketMqDelayLevels.Default);

    /// <summary>On by default: EventBroker delivers timer messages; a RocketMQ 4.x broker does not (turn it off there).</summary>
    public bool UseTimerMessages { get; set; } = true;

    /// <summary>The bus-wide default for receive endpoints.</summary>
    public RocketMqErrorDestination ErrorDestination { get; set; }

    public void MessageDelayLevel(string levels) => DelayLevels = RocketMqDelayLevels.Parse(levels);

    public void NameServers(params string[] nameServers)
    {
        NameServerList.Clear();
        foreach (var entry in nameServers)
        {
            NameServerList.AddRange(entry.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        if (NameServerList.Count == 0)
        {
            throw new ArgumentException("Give at least one name server (host:port).");
        }
    }

    public void Credentials(string accessKey, string secretKey) => AclCredentials = new AclCredentials(accessKey, secretKey);

    public Uri HostAddress => new($"rocketmq://{NameServerList[0]}/");

    public EventBrokerClientOptions ToClientOptions() => new()
    {
        NameServers = [.. NameServerList],
        InstanceName = InstanceName ?? $"masstransit-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
        Credentials = AclCredentials,
        OffsetPersistInterval = TimeSpan.FromSeconds(1),
    };
}
