using EventBroker.Bench.Consuming;
using EventBroker.Bench.Processes;
using EventBroker.Bench.Reporting;
using EventBroker.Bench.Sending;
using EventBroker.Bench.Setup;
using EventBroker.Bench.Transport;

namespace EventBroker.Bench;

/// <summary>One run: set up, send, drain, report. Owns every connection and the launched gateway.</summary>
public sealed class BenchRunner(BenchOptions options)
{
    private const string ProducerGroup = "BenchProducerGroup";

    public async Task<BenchReport> RunAsync(CancellationToken cancellation)
    {
        await using var gateway = options.StartGateway
            ? await GatewayLauncher.StartAsync(options.ResolveGatewayDll(), options.KeepData, cancellation).ConfigureAwait(false)
            : null;
        var gatewayPid = gateway?.Pid ?? options.GatewayPid;
        await using var memory = gatewayPid is int pid ? new MemorySampler(pid) : null;
        var progress = new Progress(memory);
        var nameServer = gateway?.NameServerAddress ?? options.NameServer;

        var broker = options.Broker ?? await FindBrokerAsync(nameServer, cancellation).ConfigureAwait(false);
        var topic = options.Topic ?? BrokerSetup.FreshTopicName();
        var consumerGroup = "BenchConsumer_" + topic;
        Log($"broker {broker}, topic {topic}, {options.Senders} senders on {options.EffectiveConnections} connections");

        await using var adminClient = await RemotingClient.ConnectAsync(broker, cancellation).ConfigureAwait(false);
        var admin = new AdminCalls(adminClient);
        await BrokerSetup.CreateTopicAsync(admin, topic, options.Queues).ConfigureAwait(false);
        var startOffsets = await BrokerSetup.GetMaxOffsetsAsync(admin, topic, options.Queues).ConfigureAwait(false);

        var clients = await ConnectAllAsync(broker, topic, consumerGroup, cancellation).ConfigureAwait(false);
        try
        {
            var cpu = new CpuMeter(gatewayPid);
            var (send, sendCpu) = await SendAsync(clients, topic, cpu, progress, cancellation).ConfigureAwait(false);
            var endOffsets = await TryGetEndOffsetsAsync(admin, topic).ConfigureAwait(false);

            ConsumeSummary? consume = null;
            CpuWindow? consumeCpu = null;
            if (!options.SkipConsume && endOffsets is not null)
            {
                var before = cpu.Take();
                var outcome = await new ConsumePhase(clients, topic, consumerGroup)
                    .RunAsync(startOffsets, endOffsets, progress, cancellation).ConfigureAwait(false);
                consumeCpu = CpuMeter.Between(before, cpu.Take());
                var unanswered = send.Errors.Where(e => e.Key is RemotingResponse.Timeout or RemotingResponse.ConnectionLost).Sum(e => e.Value);
                consume = ConsumeSummary.From(outcome, send.StoredTotal, unanswered);
            }

            var settings = new RunSettings(broker, topic, options.Senders, options.EffectiveConnections, options.Queues,
                options.Size, options.WarmupSeconds, send.Duration.TotalSeconds);
            var gatewaySummary = memory is null || gatewayPid is null
                ? null
                : new GatewaySummary(gatewayPid.Value, memory.PeakRssMb, memory.MaxSampledRssMb);
            return new BenchReport(settings, SendSummary.From(send), consume, gatewaySummary, sendCpu, consumeCpu, progress.Timeline);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(SendOutcome, CpuWindow)> SendAsync(
        IReadOnlyList<RemotingClient> clients, string topic, CpuMeter cpu, Progress progress, CancellationToken cancellation)
    {
        var keys = new UniqKeyGenerator();
        var body = MessageBody(options.Size);
        var templates = Enumerable.Range(0, options.Queues)
            .Select(q => SendFrameTemplate.Create(topic, ProducerGroup, q, body, keys))
            .ToArray();
        var clock = new SendClock(TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds));
        var measureStart = cpu.Take();
        var outcome = await new SendPhase(clients, templates, options.Senders)
            .RunAsync(clock, () => measureStart = cpu.Take(), progress, cancellation).ConfigureAwait(false);
        return (outcome, CpuMeter.Between(measureStart, cpu.Take()));
    }

    /// <summary>The offsets the drain runs to; null (and no drain) when the broker is gone, so the send numbers still get reported.</summary>
    private async Task<long[]?> TryGetEndOffsetsAsync(AdminCalls admin, string topic)
    {
        try
        {
            return await BrokerSetup.GetMaxOffsetsAsync(admin, topic, options.Queues).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Log($"cannot read the end offsets, skipping the drain: {e.Message}");
            return null;
        }
    }

    private static async Task<string> FindBrokerAsync(string nameServer, CancellationToken cancellation)
    {
        await using var client = await RemotingClient.ConnectAsync(nameServer, cancellation).ConfigureAwait(false);
        return await BrokerSetup.FindBrokerAsync(new AdminCalls(client)).ConfigureAwait(false);
    }

    /// <summary>Opens the traffic connections, each announced with a heartbeat first, as a client would.</summary>
    private async Task<List<RemotingClient>> ConnectAllAsync(string broker, string topic, string consumerGroup, CancellationToken cancellation)
    {
        var clients = new List<RemotingClient>();
        for (var i = 0; i < options.EffectiveConnections; i++)
        {
            var client = await RemotingClient.ConnectAsync(broker, cancellation).ConfigureAwait(false);
            clients.Add(client);
            var clientId = $"127.0.0.1@bench-{Environment.ProcessId}-{i}";
            var failure = await BrokerSetup.HeartbeatAsync(new AdminCalls(client), clientId, ProducerGroup, consumerGroup, topic).ConfigureAwait(false);
            if (failure is not null)
            {
                Log($"warning: {failure}");
            }
        }
        return clients;
    }

    /// <summary>Printable, non-repeating-looking bytes: a compressing store would flatter a body of zeros.</summary>
    private static byte[] MessageBody(int size)
    {
        var body = new byte[size];
        var random = new Random(42);
        for (var i = 0; i < size; i++)
        {
            body[i] = (byte)('!' + random.Next(94));
        }
        return body;
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
