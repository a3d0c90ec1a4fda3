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

    private RedisServer _redis = null!;
    private string _sharedDirectory = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _sharedDirectory = Path.Combine(Path.GetTempPath(), "eb-handover-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_sharedDirectory);
        string[] args =
        [
            $"--Broker:Redis={_redis.Configuration}",
            $"--Broker:Store=sqlite:{Path.Combine(_sharedDirectory, "eventbroker.db")}?mode=shared",
            "--Broker:SingletonLeaseTtl=20000",
            "--Broker:SingletonLeaseRenewInterval=1000",
            "--Broker:messageDelayLevel=1s",
        ];
        _a = await GatewayProcess.StartAsync(args);
        await WaitForHoldersAsync(_a, TimeSpan.FromSeconds(15));
        _b = await GatewayProcess.StartAsync(args);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_sharedDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_gateway_stopped_with_sigterm_hands_its_leases_over_well_before_they_would_expire()
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await _a.StopGracefullyAsync());
        var exited = clock.Elapsed;
        // Half the TTL: a release is taken at the survivor's next 1 s attempt; an expiry would take up to 20 s.
        await WaitForHoldersAsync(_b, TimeSpan.FromSeconds(10));
        var handedOver = clock.Elapsed;

        // The survivor runs the scheduler now: a delayed message sent to it is delivered.
        await using var client = await _b.ConnectBrokerAsync();
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

    private async Task WaitForHoldersAsync(GatewayProcess gateway, TimeSpan timeout)
    {
        var id = $"127.0.0.1:{gateway.ListenPort}";
        var clock = Stopwatch.StartNew();
        foreach (var job in Jobs)
        {
            string? holder;
            while ((holder = await _redis.HashGetAsync($"eventbroker:{{DefaultCluster}}:lease:{job}", "holder")) != id)
            {
                Assert.True(clock.Elapsed < timeout, $"the '{job}' lease is held by {holder ?? "nobody"}, not {id}, after {timeout.TotalSeconds:0} s.{gateway.Output()}");
                await Task.Delay(100);
            }
        }
    }
}
