namespace EventBroker.Client.Tests.Support;

/// <summary>
/// The gateway the integration tests share (one xUnit collection, so they run one after another against it), with
/// SQL92 filtering on and transaction check-backs after 1 s rather than RocketMQ's 6 s.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;

    public GatewayHost Host => _host ?? throw new InvalidOperationException("The gateway has not started.");

    public string NameServer => Host.NameServer;

    public string DataDirectory => Host.DataDirectory;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(
        "--Broker:enablePropertyFilter=true", "--Broker:transactionTimeOut=1000", "--Broker:transactionCheckInterval=500");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public EventBrokerClient NewClient(string? instanceName = null, AclCredentials? credentials = null) => Host.NewClient(instanceName, credentials);

    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
