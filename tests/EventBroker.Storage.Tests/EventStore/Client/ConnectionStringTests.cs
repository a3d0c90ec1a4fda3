using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;

namespace EventBroker.Storage.Tests.EventStore.Client;

public sealed class ConnectionStringTests
{
    [Fact]
    public void One_host_is_used_directly_with_the_defaults()
    {
        var settings = EventStoreConnectionString.Parse("esdb://127.0.0.1:2113?tls=false");

        Assert.Equal([new NodeEndpoint("127.0.0.1", 2113)], settings.Hosts);
        Assert.False(settings.Discover);
        Assert.False(settings.Tls);
        Assert.True(settings.TlsVerifyCert);
        Assert.Equal(NodePreference.Leader, settings.NodePreference);
        Assert.Equal((10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), (settings.MaxDiscoverAttempts, settings.DiscoveryInterval, settings.GossipTimeout));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (settings.KeepAliveInterval, settings.KeepAliveTimeout));
        Assert.Null(settings.UserName);
    }

    [Fact]
    public void Several_hosts_are_gossip_seeds_and_the_port_defaults_to_2113()
    {
        var settings = EventStoreConnectionString.Parse("esdb://node1,node2:2123,[::1]:2133/");

        Assert.True(settings.Discover);
        Assert.True(settings.Tls);
        Assert.Equal([new NodeEndpoint("node1", 2113), new NodeEndpoint("node2", 2123), new NodeEndpoint("::1", 2133)], settings.Hosts);
        Assert.Equal("[::1]:2133", settings.Hosts[2].ToString());
    }

    [Fact]
    public void Discover_scheme_gossips_even_with_one_seed()
        => Assert.True(EventStoreConnectionString.Parse("esdb+discover://cluster.local:2113").Discover);

    [Fact]
    public void Credentials_and_settings_are_read_case_insensitively_and_percent_decoded()
    {
        var settings = EventStoreConnectionString.Parse(
            "ESDB://admin:p%40ss%3Aword@h:1?TLS=true&tlsVerifyCert=false&NodePreference=Follower&connectionName=gw-1"
            + "&maxDiscoverAttempts=3&discoveryInterval=250&gossipTimeout=2000&defaultDeadline=800&keepAliveInterval=-1&keepAliveTimeout=5000&throwOnAppendFailure=false");

        Assert.Equal(("admin", "p@ss:word"), (settings.UserName, settings.Password));
        Assert.True(settings.Tls);
        Assert.False(settings.TlsVerifyCert);
        Assert.Equal(NodePreference.Follower, settings.NodePreference);
        Assert.Equal("gw-1", settings.ConnectionName);
        Assert.Equal((3, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2)), (settings.MaxDiscoverAttempts, settings.DiscoveryInterval, settings.GossipTimeout));
        Assert.Equal(TimeSpan.FromMilliseconds(800), settings.DefaultDeadline);
        Assert.Equal((Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(5)), (settings.KeepAliveInterval, settings.KeepAliveTimeout));
        Assert.DoesNotContain("p@ss", settings.Display);
        Assert.Contains("admin@h:1", settings.Display);
    }

    [Theory]
    [InlineData("http://localhost:2113", "esdb://")]
    [InlineData("esdb://", "empty host")]
    [InlineData("esdb://h:99999", "invalid port")]
    [InlineData("esdb://h?tls=maybe", "'tls' must be true or false")]
    [InlineData("esdb://h?nodePreference=nearest", "nodePreference")]
    [InlineData("esdb://h?colour=blue", "unknown setting 'colour'")]
    [InlineData("esdb://h?gossipTimeout=-5", "positive")]
    [InlineData("esdb://h?userCertFile=a.pem", "not supported")]
    [InlineData("esdb://user@h", "user:password@")]
    public void Invalid_strings_say_which_part_is_wrong(string value, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => EventStoreConnectionString.Parse(value));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Errors_never_show_the_password()
    {
        var ex = Assert.Throws<FormatException>(() => EventStoreConnectionString.Parse("esdb://admin:secret@h?bogus=1"));

        Assert.DoesNotContain("secret", ex.Message);
        Assert.Contains("admin:***@h", ex.Message);
    }
}
