using EventBroker.Cli.Tests.Support;

namespace EventBroker.Cli.Tests;

/// <summary>A gateway with plain ACL on: admin requests are signed with keys from flags, variables or tools.yml.</summary>
public sealed class AclTests : IAsyncLifetime
{
    private const string Acl = """
        accounts:
          - accessKey: RocketMQ
            secretKey: "12345678"
            admin: true
            defaultTopicPerm: PUB|SUB
            defaultGroupPerm: PUB|SUB
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-cli-acl-" + Guid.NewGuid().ToString("N"));
    private GatewayHost _host = null!;

    private string BrokerAddr => $"127.0.0.1:{_host.ListenPort}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "conf"));
        var aclFile = Path.Combine(_directory, "plain_acl.yml");
        await File.WriteAllTextAsync(aclFile, Acl);
        _host = await GatewayHost.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={aclFile}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Keys_from_flags_variables_or_tools_yml_sign_admin_requests_and_unsigned_ones_are_refused()
    {
        var n = _host.NameServer;
        (await AdminTool.RunAsync("updateTopic", "-n", n, "-b", BrokerAddr, "-t", GatewayFixture.Unique("A"), "--accessKey", "RocketMQ", "--secretKey", "12345678")).Succeeded();

        var variables = new Dictionary<string, string> { ["EVENTBROKER_ACCESS_KEY"] = "RocketMQ", ["EVENTBROKER_SECRET_KEY"] = "12345678" };
        (await AdminTool.RunWithEnvironmentAsync(variables, "updateTopic", "-n", n, "-b", BrokerAddr, "-t", GatewayFixture.Unique("B"))).Succeeded();

        await File.WriteAllTextAsync(Path.Combine(_directory, "conf", "tools.yml"), "accessKey: RocketMQ\nsecretKey: 12345678\n");
        var home = new Dictionary<string, string> { ["ROCKETMQ_HOME"] = _directory };
        (await AdminTool.RunWithEnvironmentAsync(home, "updateTopic", "-n", n, "-b", BrokerAddr, "-t", GatewayFixture.Unique("C"))).Succeeded();

        var unsigned = await AdminTool.RunAsync("updateTopic", "-n", n, "-b", BrokerAddr, "-t", GatewayFixture.Unique("D"));
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains($"{BrokerAddr} answered CODE", unsigned.Error);

        var wrong = await AdminTool.RunAsync("updateTopic", "-n", n, "-b", BrokerAddr, "-t", GatewayFixture.Unique("E"), "--accessKey", "RocketMQ", "--secretKey", "nope");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("signature", wrong.Error, StringComparison.OrdinalIgnoreCase);

        var half = await AdminTool.RunAsync("topicList", "-n", n, "--accessKey", "RocketMQ");
        Assert.Equal(1, half.ExitCode);
        Assert.Contains("both keys", half.Error);
    }
}
