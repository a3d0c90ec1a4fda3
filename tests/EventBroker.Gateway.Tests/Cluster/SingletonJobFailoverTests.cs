using System.Diagnostics;
using System.Globalization;
using EventBroker.Gateway.Tests.Process;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Xunit.Abstractions;
using static EventBroker.Gateway.Tests.Cluster.LeaseHolderCluster;

namespace EventBroker.Gateway.Tests.Cluster;

/// <summary>
/// The singleton jobs (delay scheduler, transaction check) move to a surviving gateway when their lease holder is killed
/// with SIGKILL: two gateway processes on one real redis-server and one shared SQLite file, gateway A started first so
/// it holds every lease, clients connected only to B. Leases here live 3 s and are renewed every second
/// (<c>SingletonLeaseTtl</c>, <c>SingletonLeaseRenewInterval</c>), so a failover takes seconds instead of the default 40.
/// </summary>
public sealed class SingletonJobFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    private LeaseHolderCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LeaseHolderCluster.StartAsync(
            "eb-failover-",
            ["schedule", "transaction"],
            $"--Broker:SingletonLeaseTtl={LeaseTtl.TotalMilliseconds}",
            "--Broker:SingletonLeaseRenewInterval=1000",
            "--Broker:messageDelayLevel=1s 5s",
            "--Broker:transactionTimeOut=3000",
            "--Broker:transactionCheckInterval=500");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Delay_level_messages_pending_when_the_schedule_holder_is_killed_are_delivered_by_the_survivor_once_and_in_order()
    {
        const string topic = "T_failover_delay";
        await using var producer = await _cluster.B.ConnectBrokerAsync();
        await using var consumer = await _cluster.B.ConnectBrokerAsync();

        // A runs the scheduler: a level-1 (1 s) message sent through B is delivered while A is alive.
        using (var first = await producer.SendAsync(topic, 0, "before-kill", extra: [new("DELAY", "1")]))
        {
            Assert.Equal(0, first.Code);
        }
        var delivered = await PullUntilAsync(consumer, topic, 1, TimeSpan.FromSeconds(20));
        Assert.Equal("before-kill", Body(delivered[0]));
        Assert.Equal(GatewayId(_cluster.A), await _cluster.HolderAsync("schedule"));

        // Level 2 (5 s): sent in well under 5 s, so none of these is due when A dies (checked below from the timestamps).
        var bodies = Enumerable.Range(0, 20).Select(i => $"pending-{i:00}").ToList();
        foreach (var body in bodies)
        {
            using var sent = await producer.SendAsync(topic, 0, body, extra: [new("DELAY", "2")]);
            Assert.Equal(0, sent.Code);
        }
        await _cluster.A.KillAsync();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();

        // The lease lapses one TTL after A's last renewal; B takes it at its next attempt (every second).
        await _cluster.WaitForHolderAsync("schedule", _cluster.B, TimeSpan.FromSeconds(15));
        var leaseMoved = clock.Elapsed;
        var all = await PullUntilAsync(consumer, topic, 1 + bodies.Count, TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;
        // Anything more would be a second delivery: give a duplicate time to show up.
        await Task.Delay(2000);
        all = await PullUntilAsync(consumer, topic, 1 + bodies.Count, TimeSpan.FromSeconds(5));

        Assert.Equal(["before-kill", .. bodies], all.Select(Body));
        foreach (var message in all.Skip(1))
        {
            // Pending at the kill, so re-put by B after it; and never before the level's 5 s had passed since the send.
            Assert.True(message.BornTimestamp + 5000 > killedAt, $"{Body(message)} was already due before the kill: the sends took too long for this test");
            Assert.True(message.StoreTimestamp >= killedAt, $"{Body(message)} was stored at {message.StoreTimestamp}, before the kill at {killedAt}");
            Assert.True(message.StoreTimestamp - message.BornTimestamp >= 5000 - 50,
                $"{Body(message)} delivered {message.StoreTimestamp - message.BornTimestamp} ms after its send, before its 5 s level");
            Assert.Null(message.GetProperty("DELAY"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"schedule lease moved to the survivor {leaseMoved.TotalSeconds:0.0} s after the kill (lease TTL {LeaseTtl.TotalSeconds:0} s, renew 1 s); "
            + $"all {bodies.Count} pending messages delivered by it {elapsed.TotalSeconds:0.0} s after the kill; "
            + $"latest {all.Max(m => m.StoreTimestamp - m.BornTimestamp)} ms after its send (due after 5000 ms)"));
    }

    [Fact]
    public async Task A_half_message_is_checked_through_the_survivor_after_the_transaction_holder_dies_and_its_commit_is_delivered_once()
    {
        const string topic = "T_failover_tx";
        const string group = "tx_failover_group";
        await using var producer = await ConnectProducerAsync(_cluster.B, "10.0.0.9@failover", group);

        // The producer never ends the transaction itself (it "crashed" after the local commit): only a check can settle it.
        using (var half = await producer.SendAsync(topic, 0, "settled-by-check", extra: [new("TRAN_MSG", "true"), new("PGROUP", group)]))
        {
            Assert.Equal(0, half.Code);
        }
        // A holds the lease, and the half message is younger than transactionTimeOut (3 s): A has not checked it yet.
        await _cluster.A.KillAsync();
        var clock = Stopwatch.StartNew();

        var check = await NextCheckAsync(producer, TimeSpan.FromSeconds(30));
        var checkedAfter = clock.Elapsed;
        Assert.Equal(GatewayId(_cluster.B), await _cluster.HolderAsync("transaction"));
        var header = CheckTransactionStateRequestHeader.Decode(check);
        var checkedMessage = DecodedMessage.Decode(check.Body.Span);
        Assert.Equal(topic, checkedMessage.Topic);
        Assert.Equal("settled-by-check", Body(checkedMessage));

        var end = RemotingCommand.CreateRequest((int)RequestCode.EndTransaction);
        new EndTransactionRequestHeader
        {
            ProducerGroup = group,
            TranStateTableOffset = header.TranStateTableOffset,
            CommitLogOffset = header.CommitLogOffset,
            CommitOrRollback = 8,
            FromTransactionCheck = true,
            MsgId = header.MsgId ?? "",
        }.EncodeTo(end);
        await producer.SendOnewayAsync(end);

        await using var consumer = await _cluster.B.ConnectBrokerAsync();
        var visible = await PullUntilAsync(consumer, topic, 1, TimeSpan.FromSeconds(10));
        // Several check intervals past the timeout: a resolved half message is neither asked about nor delivered again.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(producer.ServerRequests.Reader.TryRead(out var again) && again.Code == (int)RequestCode.CheckTransactionState,
            "the committed transaction was checked again");
        visible = await PullUntilAsync(consumer, topic, 1, TimeSpan.FromSeconds(5));
        var message = Assert.Single(visible);
        Assert.Equal("settled-by-check", Body(message));
        Assert.Equal(MessageSysFlag.TransactionCommitType, MessageSysFlag.GetTransactionValue(message.SysFlag));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CHECK_TRANSACTION_STATE reached the producer on the survivor {checkedAfter.TotalSeconds:0.0} s after the kill "
            + $"(transactionTimeOut 3 s from the send, lease TTL {LeaseTtl.TotalSeconds:0} s, check interval 0.5 s)"));
    }

    [Fact]
    public async Task While_the_transaction_holder_lives_it_checks_a_half_message_whose_producer_is_connected_to_the_other_gateway()
    {
        const string topic = "T_failover_tx_remote";
        const string group = "tx_remote_group";
        await using var producer = await ConnectProducerAsync(_cluster.B, "10.0.0.10@remote", group);
        using (var half = await producer.SendAsync(topic, 0, "asked-across", extra: [new("TRAN_MSG", "true"), new("PGROUP", group)]))
        {
            Assert.Equal(0, half.Code);
        }
        var clock = Stopwatch.StartNew();

        // A runs the check; the producer's connection is on B, so the request crosses over Redis (client-call channel).
        var check = await NextCheckAsync(producer, TimeSpan.FromSeconds(30));
        var checkedAfter = clock.Elapsed;
        Assert.Equal(GatewayId(_cluster.A), await _cluster.HolderAsync("transaction"));
        Assert.Equal("asked-across", Body(DecodedMessage.Decode(check.Body.Span)));
        var header = CheckTransactionStateRequestHeader.Decode(check);
        var end = RemotingCommand.CreateRequest((int)RequestCode.EndTransaction);
        new EndTransactionRequestHeader
        {
            ProducerGroup = group,
            TranStateTableOffset = header.TranStateTableOffset,
            CommitLogOffset = header.CommitLogOffset,
            CommitOrRollback = 12,
            FromTransactionCheck = true,
            MsgId = header.MsgId ?? "",
        }.EncodeTo(end);
        await producer.SendOnewayAsync(end);

        // Rolled back through B: never delivered, and A (reading the shared op queue) does not ask again.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(producer.ServerRequests.Reader.TryRead(out var again) && again.Code == (int)RequestCode.CheckTransactionState,
            "the rolled-back transaction was checked again");
        await using var consumer = await _cluster.B.ConnectBrokerAsync();
        using var pull = await consumer.PullAsync("failover_check", topic, 0, 0);
        Assert.NotEqual(0, pull.Code);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CHECK_TRANSACTION_STATE from the holder A reached the producer on B {checkedAfter.TotalSeconds:0.0} s after the send (transactionTimeOut 3 s)"));
    }

    private static async Task<RemotingTestClient> ConnectProducerAsync(GatewayProcess gateway, string clientId, string group)
    {
        var producer = await gateway.ConnectBrokerAsync();
        var heartbeat = Requests.Create(RequestCode.HeartBeat);
        var data = new HeartbeatData { ClientID = clientId };
        data.ProducerDataSet.Add(new ProducerData { GroupName = group });
        heartbeat.Body = data.ToJson();
        using var response = await producer.InvokeAsync(heartbeat);
        Assert.Equal(0, response.Code);
        return producer;
    }

    private static async Task<RemotingCommand> NextCheckAsync(RemotingTestClient producer, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            RemotingCommand request;
            try
            {
                request = await producer.ServerRequests.Reader.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no CHECK_TRANSACTION_STATE reached the producer within {timeout.TotalSeconds:0} s of the kill");
            }
            if (request.Code == (int)RequestCode.CheckTransactionState)
            {
                return request;
            }
        }
    }
}
