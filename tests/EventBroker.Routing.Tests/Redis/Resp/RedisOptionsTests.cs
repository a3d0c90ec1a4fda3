using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>StackExchange.Redis-style configuration strings.</summary>
public sealed class RedisOptionsTests
{
    [Fact]
    public void Host_and_port()
    {
        var options = RedisOptions.Parse("redis.local:6380");

        Assert.Equal([new RedisEndpoint("redis.local", 6380)], options.Endpoints);
        Assert.Null(options.Password);
        Assert.False(options.Ssl);
        Assert.Equal(0, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.SyncTimeout);
        Assert.True(options.AbortOnConnectFail);
        Assert.Null(options.Protocol);
    }

    [Fact]
    public void Every_option()
    {
        var options = RedisOptions.Parse(
            "a:1, b:2 ,password=p=w,user=app,ssl=true,sslHost=redis.example,defaultDatabase=3,connectTimeout=1500,syncTimeout=250,name=gw,abortConnect=false,protocol=resp2");

        Assert.Equal([new RedisEndpoint("a", 1), new RedisEndpoint("b", 2)], options.Endpoints);
        Assert.Equal("p=w", options.Password);
        Assert.Equal("app", options.User);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example", options.SslHost);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SyncTimeout);
        Assert.Equal("gw", options.ClientName);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(RedisProtocol.Resp2, options.Protocol);
    }

    [Fact]
    public void Keys_are_case_insensitive_as_in_StackExchange_Redis()
        => Assert.Equal(7, RedisOptions.Parse("h:1,DefaultDatabase=7").DefaultDatabase);

    [Fact]
    public void Port_defaults_to_6379_or_26379_for_Sentinels()
    {
        Assert.Equal(6379, RedisOptions.Parse("cache").Endpoints[0].Port);
        Assert.Equal([26379, 26380], RedisOptions.Parse("s1,s2:26380,serviceName=mymaster").Endpoints.Select(e => e.Port));
        Assert.Equal("mymaster", RedisOptions.Parse("s1,serviceName=mymaster").ServiceName);
    }

    [Fact]
    public void Ipv6_endpoints_in_brackets()
    {
        var options = RedisOptions.Parse("[::1]:6380,[fe80::1]");

        Assert.Equal([new RedisEndpoint("::1", 6380), new RedisEndpoint("fe80::1", 6379)], options.Endpoints);
        Assert.Equal("[::1]:6380", options.Endpoints[0].ToString());
    }

    [Theory]
    [InlineData("h:1,pasword=x", "Unknown Redis option 'pasword'")]
    [InlineData("h:1,connectTimeout=abc", "'connectTimeout' must be a whole number of milliseconds above 0, not 'abc'")]
    [InlineData("h:1,syncTimeout=0", "'syncTimeout' must be a whole number of milliseconds above 0, not '0'")]
    [InlineData("h:1,defaultDatabase=-1", "'defaultDatabase' must be a whole number, not '-1'")]
    [InlineData("h:1,ssl=yes", "'ssl' must be true or false, not 'yes'")]
    [InlineData("h:1,protocol=resp4", "'protocol' must be resp2 or resp3, not 'resp4'")]
    [InlineData("h:99999", "port from 1 to 65535")]
    [InlineData("h:x", "port from 1 to 65535")]
    [InlineData("[::1", "IPv6 address in brackets")]
    [InlineData("password=x", "names no server")]
    [InlineData("", "names no server")]
    public void Bad_configuration_names_the_option_and_the_accepted_ones(string configuration, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisOptions.Parse(configuration));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_lists_the_accepted_options()
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisOptions.Parse("h:1,foo=bar"));

        Assert.Contains("accepted options: password, user, ssl, sslHost, defaultDatabase, connectTimeout, syncTimeout, serviceName, name, abortConnect, protocol", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_the_password()
    {
        var text = RedisOptions.Parse("h:1,password=secret,user=u,defaultDatabase=2").ToString();

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Equal("h:1,user=u,password=*****,defaultDatabase=2,connectTimeout=5000,syncTimeout=5000", text);
    }
}
