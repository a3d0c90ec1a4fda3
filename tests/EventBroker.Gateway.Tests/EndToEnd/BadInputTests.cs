using System.Buffers.Binary;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class BadInputTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "garbage", [0x00, 0x00, 0x00, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "http", Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n") },
        { "over 16 MiB", Length(17 * 1024 * 1024) },
        { "negative length", Length(-5) },
        { "header longer than frame", [0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x10, 0x00, 0x7B, 0x7D, 0x00, 0x00] },
        { "invalid json header", [0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x03, (byte)'{', (byte)'x', (byte)'}'] },
    };

    private static byte[] Length(int length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_input_closes_only_that_connection(string name, byte[] bytes)
    {
        await using var healthy = await _gateway.ConnectBrokerAsync();
        await using var hostile = await _gateway.ConnectBrokerAsync();
        await hostile.WriteRawAsync(bytes);
        await hostile.Completion.WaitAsync(TimeSpan.FromSeconds(5)); // the gateway closed it: {name}
        Assert.True(hostile.Completion.IsCompleted, name);

        using var response = await healthy.SendAsync("T_after_" + name.Replace(' ', '_'), 0, "still serving");
        Assert.Equal(0, response.Code);
    }

    [Fact]
    public async Task A_truncated_frame_then_close_leaves_the_node_serving()
    {
        var hostile = await _gateway.ConnectBrokerAsync();
        var frame = Protocol.Frames.RemotingCommandCodec.EncodeToArray(Requests.Create(RequestCode.GetMaxOffset, ("topic", "T"), ("queueId", "0")));
        await hostile.WriteRawAsync(frame.AsMemory(0, frame.Length - 3));
        await hostile.DisposeAsync();

        await using var healthy = await _gateway.ConnectBrokerAsync();
        using var response = await healthy.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", "T"), ("queueId", "0")));
        Assert.Equal(0, response.Code);
    }

    [Fact]
    public async Task A_request_with_a_missing_header_field_gets_an_error_response_and_the_connection_stays()
    {
        await using var client = await _gateway.ConnectBrokerAsync();
        using var bad = await client.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("queueId", "0")));
        Assert.Equal((int)ResponseCode.SystemError, bad.Code);
        Assert.Contains("topic", bad.Remark);
        using var bodyless = await client.InvokeAsync(Requests.Create(RequestCode.HeartBeat));
        Assert.Equal((int)ResponseCode.SystemError, bodyless.Code);
        using var ok = await client.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", "T"), ("queueId", "0")));
        Assert.Equal(0, ok.Code);
    }
}
