using System.Net;
using EventBroker.Gateway.Acl;

namespace EventBroker.Gateway.Tests.Acl;

public sealed class RemoteAddressPatternTests
{
    [Theory]
    [InlineData("192.168.0.5", "192.168.0.5", true)]
    [InlineData("192.168.0.5", "192.168.0.6", false)]
    [InlineData("*", "10.1.2.3", true)]
    [InlineData("*", "::1", true)]
    [InlineData("*.*.*.*", "10.1.2.3", true)]
    [InlineData("*:*:*:*:*:*:*:*", "10.1.2.3", true)]
    [InlineData("", "10.1.2.3", false)]
    [InlineData("192.168.0.*", "192.168.0.77", true)]
    [InlineData("192.168.0.*", "192.168.1.77", false)]
    [InlineData("192.168.*.*", "192.168.200.1", true)]
    [InlineData("10.*.*.*", "10.9.8.7", true)]
    [InlineData("10.*.*.*", "11.9.8.7", false)]
    [InlineData("192.168.1-10.*", "192.168.1.3", true)]
    [InlineData("192.168.1-10.*", "192.168.10.255", true)]
    [InlineData("192.168.1-10.*", "192.168.11.3", false)]
    [InlineData("192.168.1-10.*", "192.168.0.3", false)]
    [InlineData("192.168.0.100-200", "192.168.0.150", true)]
    [InlineData("192.168.0.100-200", "192.168.0.201", false)]
    [InlineData("192.168.0.{1,2,3}", "192.168.0.2", true)]
    [InlineData("192.168.0.{1,2,3}", "192.168.0.4", false)]
    [InlineData("192.168.0.1,192.168.0.9", "192.168.0.9", true)]
    [InlineData("192.168.0.1, 192.168.0.9", "192.168.0.8", false)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)] // an IPv4 client on a dual-stack listener
    [InlineData("::1", "::1", true)]
    [InlineData("0:0:0:0:0:0:0:1", "::1", true)]
    [InlineData("2001:db8::1", "2001:db8:0:0:0:0:0:1", true)]
    [InlineData("2001:db8:0:0:0:0:0:*", "2001:db8::abcd", true)]
    [InlineData("2001:db8:0:0:0:0:0:*", "2001:db9::abcd", false)]
    [InlineData("2001:db8::1-ff", "2001:db8::ff", true)]
    [InlineData("2001:db8::1-ff", "2001:db8::100", false)]
    [InlineData("2001:db8::{1,2}", "2001:db8::2", true)]
    [InlineData("192.168.0.*", "::1", false)]
    public void Matches(string pattern, string address, bool expected) =>
        Assert.Equal(expected, RemoteAddressPattern.Parse(pattern).Matches(IPAddress.Parse(address)));

    [Theory]
    [InlineData("192.168.0", "not an IPv4 or IPv6 address")]
    [InlineData("192.168.0.256", "not an IPv4 or IPv6 address")]
    [InlineData("1.2.3.04x", "not an IPv4 or IPv6 address")]
    [InlineData("host.example.com", "not an IPv4 or IPv6 address")]
    [InlineData("192.168.*", "has 4 parts")]
    [InlineData("192.*.0.1", "every part must be '*'")]
    [InlineData("192.168.10-1.*", "runs backwards")]
    [InlineData("192.168.1-300.*", "not a number from 0 to 255")]
    [InlineData("*.168.0.1", "every part must be '*'")]
    [InlineData("1-5.0.0.*", "the first part must be exact")]
    [InlineData("192.168.{1,2}.5", "is not an IPv4 or IPv6 address")]
    [InlineData("168.0.{1,2}", "has 4 parts")]
    [InlineData("192.168.0.{1,x}", "'192.168.0.x' is not an IPv4 or IPv6 address")]
    [InlineData("1.2.3.4,nope", "'nope' is not")]
    public void Refuses_what_is_no_address_form(string pattern, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => RemoteAddressPattern.Parse(pattern));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
