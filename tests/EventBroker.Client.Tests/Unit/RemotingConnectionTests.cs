using System.Collections.Concurrent;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>The transport against a scripted server: matching by opaque, late replies, server requests, failures.</summary>
public sealed class RemotingConnectionTests : IAsyncLifetime
{
    private const int MaxFrameLength = 1024 * 1024;

    private readonly FakeServer _server = new();
    private readonly RecordingHandler _handler = new();
    private RemotingConnection _connection = null!;

    public async Task InitializeAsync()
    {
        var settings = new ConnectionSettings(TimeSpan.FromSeconds(3), MaxFrameLength, 1, null);
        var connecting = RemotingConnection.ConnectAsync(_server.Address, _handler, settings, NullLogger.Instance, CancellationToken.None);
        await _server.AcceptAsync();
        _connection = await connecting;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Responses_are_matched_by_opaque_in_any_order()
    {
        var first = _connection.InvokeAsync(Request("first"), TimeSpan.FromSeconds(5), CancellationToken.None);
        var second = _connection.InvokeAsync(Request("second"), TimeSpan.FromSeconds(5), CancellationToken.None);
        var a = await _server.ReceiveAsync();
        var b = await _server.ReceiveAsync();
        Assert.NotEqual(a.Opaque, b.Opaque);
        Assert.Equal(LanguageCode.DOTNET, a.Language);
        Assert.Equal(MQVersion.V4_9_4, a.Version);

        await _server.SendAsync(Reply(b, "to-second"));
        await _server.SendAsync(Reply(a, "to-first"));

        Assert.Equal("to-first", (await first).Remark);
        Assert.Equal("to-second", (await second).Remark);
    }

    [Fact]
    public async Task A_late_response_is_dropped_and_the_connection_keeps_working()
    {
        await Assert.ThrowsAsync<BrokerTimeoutException>(() => _connection.InvokeAsync(Request("slow"), TimeSpan.FromMilliseconds(100), CancellationToken.None));
        var slow = await _server.ReceiveAsync();
        await _server.SendAsync(Reply(slow, "too late"));

        var next = _connection.InvokeAsync(Request("next"), TimeSpan.FromSeconds(5), CancellationToken.None);
        await _server.SendAsync(Reply(await _server.ReceiveAsync(), "in time"));
        Assert.Equal("in time", (await next).Remark);
    }

    [Fact]
    public async Task Oneway_requests_carry_the_oneway_flag()
    {
        _connection.SendOneway(Request("fire"));
        var received = await _server.ReceiveAsync();
        Assert.True(received.IsOneway);
        Assert.False(received.IsResponse);
    }

    [Fact]
    public async Task Server_requests_reach_the_handler_and_only_two_way_ones_are_answered()
    {
        var notify = RemotingCommand.CreateRequest((int)RequestCode.NotifyConsumerIdsChanged).AddExt("consumerGroup", "g");
        notify.Opaque = 7;
        notify.Flag = RemotingCommand.OnewayFlag;
        await _server.SendAsync(notify);
        var status = RemotingCommand.CreateRequest((int)RequestCode.GetConsumerRunningInfo);
        status.Opaque = 8;
        await _server.SendAsync(status);

        var answer = await _server.ReceiveAsync();
        Assert.Equal(8, answer.Opaque);
        Assert.True(answer.IsResponse);
        Assert.Equal((int)ResponseCode.Success, answer.Code);
        await Eventually.TrueAsync(() => _handler.Codes.Count == 2, TimeSpan.FromSeconds(5), "both server requests handled");
        Assert.Equal([(int)RequestCode.NotifyConsumerIdsChanged, (int)RequestCode.GetConsumerRunningInfo], _handler.Codes.Order());
    }

    [Fact]
    public async Task Pending_requests_fail_when_the_server_closes()
    {
        var pending = _connection.InvokeAsync(Request("lost"), TimeSpan.FromSeconds(5), CancellationToken.None);
        await _server.ReceiveAsync();
        _server.Close();

        await Assert.ThrowsAsync<BrokerConnectionException>(() => pending);
        await Eventually.TrueAsync(() => _connection.IsClosed, TimeSpan.FromSeconds(5), "the connection noticed the close");
        await Assert.ThrowsAsync<BrokerConnectionException>(() => _connection.InvokeAsync(Request("after"), TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_frame_closes_the_connection()
    {
        var pending = _connection.InvokeAsync(Request("x"), TimeSpan.FromSeconds(5), CancellationToken.None);
        await _server.ReceiveAsync();
        await _server.SendRawAsync([0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);

        var error = await Assert.ThrowsAsync<BrokerConnectionException>(() => pending);
        Assert.Contains("frame length", error.Message, StringComparison.Ordinal);
    }

    private static RemotingCommand Request(string topic) =>
        RemotingCommand.CreateRequest((int)RequestCode.GetRouteInfoByTopic).AddExt("topic", topic);

    private static RemotingCommand Reply(RemotingCommand request, string remark) =>
        RemotingCommand.CreateResponse(request, ResponseCode.Success, remark);

    private sealed class RecordingHandler : IServerRequestHandler
    {
        public ConcurrentBag<int> Codes { get; } = [];

        public ValueTask<RemotingCommand?> HandleAsync(string address, RemotingCommand request, CancellationToken cancellationToken)
        {
            Codes.Add(request.Code);
            return ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request, ResponseCode.Success));
        }
    }
}
