namespace EventBroker.Client;

/// <summary>
/// Settings of one client instance (RocketMQ's ClientConfig): where the name servers are, how this client names
/// itself to brokers, and its timers. Immutable; derive variants with <c>with</c>. Bindable from configuration
/// (section <c>EventBroker</c> by convention).
/// </summary>
public sealed record EventBrokerClientOptions
{
    public static EventBrokerClientOptions Default { get; } = new();

    /// <summary>
    /// Name-server addresses (<c>host:port</c>). An entry may also be a Java-style <c>a:9876;b:9876</c> list. Empty (the
    /// default) means the <c>NAMESRV_ADDR</c> environment variable, as the Java client reads it, else 127.0.0.1:9876.
    /// </summary>
    /// <remarks>Empty rather than pre-filled: configuration binding appends to a list that already has items.</remarks>
    public IReadOnlyList<string> NameServers { get; init; } = [];

    /// <summary>
    /// The instance part of the client id (<c>ip@instance</c>). Null picks a unique one per client, as the Java client
    /// does for the "DEFAULT" instance; set it to keep a broadcasting consumer's local offsets across restarts.
    /// </summary>
    public string? InstanceName { get; init; }

    /// <summary>The IP address in the client id; null finds this host's first non-loopback IPv4 address.</summary>
    public string? ClientIp { get; init; }

    /// <summary>Timeout of ordinary requests (routes, offsets, heartbeats). Sends have their own.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>TCP connections kept to each broker or name server; requests are spread over them round-robin.</summary>
    public int ConnectionsPerAddress { get; init; } = 1;

    /// <summary>Frames longer than this close the connection; Java's default frameMaxLength.</summary>
    public int MaxFrameLength { get; init; } = 16 * 1024 * 1024;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the routes of the topics in use are fetched again from the name servers.</summary>
    public TimeSpan RouteRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Push consumers rebalance this often, and at once when a broker says the group changed.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often consumed offsets are committed to the broker (or written to the local file).</summary>
    public TimeSpan OffsetPersistInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Signs every request for a broker with RocketMQ's plain ACL (HmacSHA1). Null sends unsigned requests.</summary>
    public AclCredentials? Credentials { get; init; }

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout and ConnectTimeout must be positive.");
        }
        if (MaxFrameLength < 64 * 1024)
        {
            throw new ArgumentException($"MaxFrameLength = {MaxFrameLength} is below 64 KiB: routes and pulled batches would not fit.");
        }
        if (ConnectionsPerAddress is < 1 or > 64)
        {
            throw new ArgumentException($"ConnectionsPerAddress = {ConnectionsPerAddress} must be between 1 and 64.");
        }
        if (HeartbeatInterval <= TimeSpan.Zero || RouteRefreshInterval <= TimeSpan.Zero
            || RebalanceInterval <= TimeSpan.Zero || OffsetPersistInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The heartbeat, route refresh, rebalance and offset persist intervals must be positive.");
        }
        Credentials?.Validate();
    }
}
