using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using MassTransit.RocketMqTransport;

namespace EventBroker.MassTransit.Tests;

/// <summary>cfg.Host: a name-server list and ACL credentials, against a gateway of its own with plain ACL on.</summary>
public sealed class Host_Specs : IAsyncLifetime
{
    const string Acl = """
        accounts:
          - accessKey: RocketMQ
            secretKey: "12345678"
            admin: true
            defaultTopicPerm: PUB|SUB
            defaultGroupPerm: PUB|SUB
        """;

    readonly string _aclFile = Path.Combine(Path.GetTempPath(), "eb-mt-acl-" + Guid.NewGuid().ToString("N") + ".yml");
    GatewayHost? _gateway;

    GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The gateway has not started.");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_aclFile, Acl);
        _gateway = await GatewayHost.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={_aclFile}");
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        File.Delete(_aclFile);
    }

    [Fact]
    public async Task Should_publish_and_consume_with_acl_credentials_and_a_name_server_list()
    {
        var endpoint = GatewayFixture.Unique("acl");
        await using var bus = await TestBus.StartAsync(Gateway,
            x => x.AddConsumer<Recorder<PingMessage>>().Endpoint(e => e.Name = endpoint),
            (_, cfg) => cfg.Host($"{Gateway.NameServer}; {Gateway.NameServer}", "RocketMQ", "12345678"));
        var id = Guid.NewGuid();
        await bus.Bus.Publish(new PingMessage(id, "signed"));
        await bus.Inbox.WaitFor<PingMessage>(Recorder<PingMessage>.Name, m => m.Id == id);
    }

    [Fact]
    public void Should_read_name_server_lists_and_refuse_an_empty_one()
    {
        var settings = new RocketMqHostSettings();
        settings.NameServers("ns1:9876; ns2:9876,ns3:9876");
        settings.Credentials("ak", "sk");
        var options = settings.ToClientOptions();
        Assert.Equal(["ns1:9876", "ns2:9876", "ns3:9876"], options.NameServers);
        Assert.Equal("ak", options.Credentials?.AccessKey);

        var error = Assert.Throws<ArgumentException>(() => settings.NameServers(" ; "));
        Assert.Contains("name server", error.Message);
    }
}
