using System.Globalization;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

/// <summary>Broker:timerWheelEnable=false, RocketMQ's switch for timer messages.</summary>
public sealed class TimerDisabledTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _broker = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync("--Broker:timerWheelEnable=false");
        _broker = await _gateway.ConnectBrokerAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_timer_message_is_refused_with_RocketMQs_code_and_remark_and_other_sends_still_work()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in new[] { (MessageConst.TimerDeliverMs, soon), (MessageConst.TimerDelaySec, "5"), (MessageConst.TimerDelayMs, "not-a-number") })
        {
            using var send = await _broker.SendAsync("T_timer_off", 0, "x", extra: [new(key, value)]);
            Assert.Equal((int)ResponseCode.SystemError, send.Code);
            Assert.StartsWith("accurate timer message is not enabled, timerWheelEnable is false", send.Remark, StringComparison.Ordinal);
            Assert.Contains("Broker:timerWheelEnable=true", send.Remark, StringComparison.Ordinal);
        }

        // As in RocketMQ, the switch only concerns TIMER_* requests: a delay level wins over them, a message the wheel
        // already timed (TIMER_OUT_MS) is not one, and plain sends are untouched.
        using (var level = await _broker.SendAsync("T_timer_off", 0, "lvl", extra: [new(MessageConst.Delay, "1"), new(MessageConst.TimerDelaySec, "5")]))
        {
            Assert.Equal(0, level.Code);
        }
        using (var timed = await _broker.SendAsync("T_timer_off", 0, "timed", extra: [new(MessageConst.TimerDelaySec, "5"), new(MessageConst.TimerOutMs, "1")]))
        {
            Assert.Equal(0, timed.Code);
        }
        using (var plain = await _broker.SendAsync("T_timer_off", 0, "plain"))
        {
            Assert.Equal(0, plain.Code);
        }
        var bodies = (await TimerMessageTests.WaitForMessagesAsync(_broker, "T_timer_off", 0, 3, TimeSpan.FromSeconds(15)))
            .Select(m => Encoding.UTF8.GetString(m.Body)).ToList();
        Assert.Equal(["timed", "plain", "lvl"], bodies);
    }
}
