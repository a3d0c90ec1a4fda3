using System.Net;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class MessageIdTests
{
    [Fact]
    public void CreateOffsetMsgId_matches_the_documented_example()
    {
        var id = MessageId.CreateOffsetMsgId(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 10911), 0);
        Assert.Equal("0A00000100002A9F0000000000000000", id);
    }

    [Fact]
    public void TryDecodeOffsetMsgId_reads_the_documented_example()
    {
        Assert.True(MessageId.TryDecodeOffsetMsgId("0A00000100002A9F0000000000000000", out var host, out var offset));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 10911), host);
        Assert.Equal(0, offset);
    }

    [Fact]
    public void Ipv6_store_hosts_give_56_chars_and_round_trip()
    {
        var host = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 10911);
        var id = MessageId.CreateOffsetMsgId(host, 0x1234);
        Assert.Equal("20010DB8000000000000000000000001" + "00002A9F" + "0000000000001234", id);
        Assert.True(MessageId.TryDecodeOffsetMsgId(id.ToLowerInvariant(), out var decoded, out var offset));
        Assert.Equal(host, decoded);
        Assert.Equal(0x1234, offset);
    }

    [Fact]
    public void Ipv4_mapped_hosts_give_the_ipv4_id()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("10.0.0.1").MapToIPv6(), 10911);
        Assert.Equal("0A00000100002A9F0000000000000000", MessageId.CreateOffsetMsgId(mapped, 0));
    }

    [Fact]
    public void WriteOffsetMsgId_writes_into_a_span()
    {
        Span<char> id = stackalloc char[56];
        var length = MessageId.WriteOffsetMsgId(id, new IPEndPoint(IPAddress.Parse("192.168.0.10"), 10911), long.MaxValue);
        Assert.Equal("C0A8000A00002A9F7FFFFFFFFFFFFFFF", id[..length].ToString());
        Assert.Throws<ArgumentException>(() => MessageId.WriteOffsetMsgId(new char[31], new IPEndPoint(IPAddress.Loopback, 1), 0));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0A00000100002A9F000000000000000")]
    [InlineData("0A00000100002A9F00000000000000000")]
    [InlineData("0A00000100002A9F000000000000000G")]
    [InlineData("7F000001000030391C7E84D1A6F2D5E000")]
    public void TryDecodeOffsetMsgId_rejects_other_text(string? id) =>
        Assert.False(MessageId.TryDecodeOffsetMsgId(id, out _, out _));
}
