using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Tests.Process;
using EventBroker.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>
/// A gateway stopped with SIGTERM releases its singleton-job leases, so the survivor takes them at its next attempt
/// instead of waiting out the TTL. The TTL here (20 s) is far longer than the renew interval (1 s), so a hand-over by
/// expiry could not pass for one by release.
/// </summary>
public sealed class SingletonLeaseHandOverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Jobs = ["schedule", "retention", "transaction"];

    private LeaseHolderCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LeaseHolderCluster.StartAsync(
            "eb-handover-",
            Jobs,
            "--Broker:SingletonLeaseTtl=20000",
            "--Broker:SingletonLeaseRenewInterval=1000",
            "--Broker:messageDelayLevel=1s");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_gateway_stopped_with_sigterm_hands_its_leases_over_well_before_they_would_expire()
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await _cluster.A.StopGracefullyAsync());
        var exited = clock.Elapsed;
        // Half the TTL: a release is taken at the survivor's next 1 s attempt; an expiry would take up to 20 s.
        await WaitForHoldersAsync(_cluster.B, TimeSpan.FromSeconds(10));
        var handedOver = clock.Elapsed;

        // The survivor runs the scheduler now: a delayed message sent to it is delivered.
        await using var client = await _cluster.B.ConnectBrokerAsync();
        using (var sent = await client.SendAsync("T_handover", 0, "after-handover", extra: [new("DELAY", "1")]))
        {
            Assert.Equal(0, sent.Code);
        }
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var pull = await client.PullAsync("handover_check", "T_handover", 0, 0);
            if (pull.Code == 0)
            {
                Assert.Equal("after-handover", Encoding.UTF8.GetString(Assert.Single(pull.Messages()).Body));
                break;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), "the survivor did not deliver a 1 s delayed message within 15 s");
            await Task.Delay(100);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A exited {exited.TotalSeconds:0.0} s after SIGTERM; B held all {Jobs.Length} leases {handedOver.TotalSeconds:0.0} s after SIGTERM (TTL 20 s, renew 1 s)"));
    }

    /// <summary>Waits until <paramref name="gateway"/> holds every lease in <see cref="Jobs"/>, all within <paramref name="timeout"/>.</summary>
    private async Task WaitForHoldersAsync(GatewayProcess gateway, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        foreach (var job in Jobs)
        {
            await _cluster.WaitForHolderAsync(job, gateway, timeout - clock.Elapsed);
        }
    }
}
