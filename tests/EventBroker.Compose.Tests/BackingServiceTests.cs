using System.Globalization;
using EventBroker.Compose.Tests.Support;

namespace EventBroker.Compose.Tests;

/// <summary>The EventStoreDB cluster and Redis: configured as the gateways expect them.</summary>
public sealed class BackingServiceTests
{
    private static Stack Stack => Stack.Default;

    private static string Setting(ComposeService node, string key) =>
        node.Environment.GetValueOrDefault(key) ?? throw new Xunit.Sdk.XunitException($"{node.Name}: {key} is not set");

    [Fact]
    public void EventStoreDB_nodes_run_one_23_10_image()
    {
        var images = Stack.EventStoreNodes.Select(n => n.Image).Distinct().ToList();
        Assert.Single(images);
        // 23.10 is the server the project's client was recorded against (protocol/eventstoredb, 23.10.8).
        Assert.StartsWith("eventstore/eventstore:23.10.", images[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_cluster_size_is_the_number_of_nodes()
    {
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.Equal(Stack.EventStoreNodes.Count.ToString(CultureInfo.InvariantCulture), Setting(node, "EVENTSTORE_CLUSTER_SIZE"));
        }
    }

    [Fact]
    public void Each_node_seeds_gossip_with_the_other_nodes()
    {
        var names = Stack.EventStoreNodes.Select(n => n.Name).ToHashSet();
        foreach (var node in Stack.EventStoreNodes)
        {
            var seeds = Setting(node, "EVENTSTORE_GOSSIP_SEED").Split(',').Select(s => s.Split(':')).ToList();
            Assert.All(seeds, s => Assert.Equal(2, s.Length));
            Assert.All(seeds, s => Assert.Equal("2113", s[1]));
            Assert.Equal(names.Where(n => n != node.Name).Order(), seeds.Select(s => s[0]).Order());
            // Seeds by service name need DNS discovery off, or the node looks up a cluster DNS record instead.
            Assert.Equal("false", Setting(node, "EVENTSTORE_DISCOVER_VIA_DNS"));
        }
    }

    [Fact]
    public void Nodes_advertise_their_service_name_to_clients()
    {
        // The gateways connect where gossip points: a compose name resolves inside the network, a container address can change.
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.Equal(node.Name, Setting(node, "EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS"));
        }
    }

    [Fact]
    public void Nodes_are_insecure_and_run_no_projections()
    {
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.Equal("true", Setting(node, "EVENTSTORE_INSECURE"));
            Assert.Equal("None", Setting(node, "EVENTSTORE_RUN_PROJECTIONS"));
        }
    }

    [Fact]
    public void The_largest_message_a_gateway_accepts_fits_in_one_append()
    {
        var largest = Stack.Gateways.Max(g => Stack.BindGatewayOptions(g).MaxMessageSize);
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.True(int.Parse(Setting(node, "EVENTSTORE_MAX_APPEND_SIZE"), CultureInfo.InvariantCulture) >= largest,
                $"{node.Name}: EVENTSTORE_MAX_APPEND_SIZE is below the gateways' maxMessageSize {largest}");
        }
    }

    [Fact]
    public void Node_health_checks_probe_the_node_port()
    {
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.Contains("http://localhost:2113/health/live", node.Healthcheck!.CommandText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redis_is_7_with_an_append_only_file()
    {
        var redis = Stack.RedisServices.Single();
        Assert.StartsWith("redis:7", redis.Image, StringComparison.Ordinal);
        var command = redis.Command;
        var appendOnly = command.ToList().IndexOf("--appendonly");
        Assert.True(appendOnly >= 0 && appendOnly + 1 < command.Count, "redis runs without --appendonly");
        Assert.Equal("yes", command[appendOnly + 1]);
        // The gateways use the default port; a --port override would break Broker__Redis=redis:6379.
        Assert.DoesNotContain("--port", command);
    }
}
