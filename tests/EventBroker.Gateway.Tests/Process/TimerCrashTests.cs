using System.Diagnostics;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.Process;

/// <summary>kill -9 of the gateway process while a timer message is pending: after a restart it arrives, once.</summary>
public sealed class TimerCrashTests
{
    [Fact]
    public async Task A_pending_timer_message_survives_kill_9_and_arrives_once()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        var sent = Stopwatch.StartNew();
        await using (var producer = await gateway.ConnectBrokerAsync())
        {
            using var delivered = await producer.SendAsync("T_timer_kill", 0, "before", extra: [new(MessageConst.TimerDelayMs, "300")]);
            Assert.Equal(0, delivered.Code);
            using var pending = await producer.SendAsync("T_timer_kill", 0, "after", extra: [new(MessageConst.TimerDelaySec, "6")]);
            Assert.Equal(0, pending.Code);
            // The first is delivered before the kill, so the restarted wheel walks a slot it had delivered from.
            var watch = Stopwatch.StartNew();
            while (true)
            {
                using var pull = await producer.PullAsync("probe", "T_timer_kill", 0, 0, suspendMillis: 1000);
                if (pull.Code == 0)
                {
                    break;
                }
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the first timer message never arrived" + gateway.Output());
            }
        }
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(6), "too slow to kill before the second message was due");
        await gateway.KillAsync();
        await gateway.RestartAsync();

        await using var consumer = await gateway.ConnectBrokerAsync();
        var bodies = new List<string>();
        var deadline = Stopwatch.StartNew();
        while (bodies.Count < 2)
        {
            using var pull = await consumer.PullAsync("probe", "T_timer_kill", 0, bodies.Count, suspendMillis: 1000);
            if (pull.Code == 0)
            {
                bodies.AddRange(pull.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"got [{string.Join(", ", bodies)}] after the restart" + gateway.Output());
        }
        Assert.True(sent.Elapsed >= TimeSpan.FromSeconds(6) - TimeSpan.FromMilliseconds(50), "delivered before due");
        await Task.Delay(1000);
        using var all = await consumer.PullAsync("probe", "T_timer_kill", 0, 0);
        Assert.Equal(["before", "after"], all.Messages().Select(m => Encoding.UTF8.GetString(m.Body)));
    }
}
