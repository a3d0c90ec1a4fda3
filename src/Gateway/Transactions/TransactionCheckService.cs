using System.Globalization;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Cluster;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using EventBroker.Routing;
using EventBroker.Storage;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Transactions;

/// <summary>
/// RocketMQ's transaction check: every transactionCheckInterval, half messages older than transactionTimeOut and
/// not yet resolved are put back with TRANSACTION_CHECK_TIMES + 1 and CHECK_TRANSACTION_STATE (39) is sent to a live
/// producer of their group (through whichever gateway holds its connection); after transactionCheckMax checks a
/// half message is discarded. Progress is the consumer offset of <c>%TRANSACTION%{broker}</c> on the half queue.
/// Runs only on the gateway holding the "transaction" lease.
/// </summary>
public sealed partial class TransactionCheckService(
    QueueStore queues,
    IRoutingStore routing,
    TransactionResolver resolver,
    ClientCaller clients,
    LeaseKeeper leases,
    BrokerTopology topology,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<TransactionCheckService> logger) : BackgroundService
{
    public const string LeaseName = "transaction";
    private readonly Dictionary<int, (long OpNext, HashSet<long> Resolved)> _ops = [];

    public static string ProgressGroup(LogicalBroker broker) => "%TRANSACTION%" + broker.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(100, options.Value.TransactionCheckInterval));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!leases.IsHeld(LeaseName))
                {
                    _ops.Clear(); // another gateway may resolve meanwhile: re-read the ops when we hold it again
                    continue;
                }
                foreach (var broker in topology.Brokers)
                {
                    try
                    {
                        await CheckAsync(broker, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogCheckFailed(ex, broker.Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task CheckAsync(LogicalBroker broker, CancellationToken ct)
    {
        var group = ProgressGroup(broker);
        var progress = await BrokerProgress.ReadAsync(routing, topology, broker, group, TransactionTopics.Half, 0, ct).ConfigureAwait(false) ?? 0;
        var resolved = await ReadResolvedAsync(broker, progress, ct).ConfigureAwait(false);
        var halfStream = queues.StreamName(broker, TransactionTopics.Half, 0);
        var timeout = options.Value.TransactionTimeOut;
        var max = options.Value.TransactionCheckMax;
        var start = progress;
        var stop = false;
        while (!stop)
        {
            using var batch = await queues.Store.ReadForwardAsync(halfStream, progress, 64, 8 * 1024 * 1024, ct).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                progress = Math.Max(progress, batch.Bounds.FirstRevision);
                break;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch.Entries[i];
                if (resolved.Contains(entry.Revision))
                {
                    progress = entry.Revision + 1;
                    continue;
                }
                if (time.GetUtcNow().ToUnixTimeMilliseconds() - entry.TimestampMs < timeout)
                {
                    stop = true; // later half messages are younger still
                    break;
                }
                await CheckOneAsync(broker, batch.GetData(i), entry, max, ct).ConfigureAwait(false);
                progress = entry.Revision + 1;
            }
        }
        if (progress != start)
        {
            await routing.CommitOffsetAsync(broker.Name, group, TransactionTopics.Half, 0, progress, ct).ConfigureAwait(false);
            resolved.RemoveWhere(offset => offset < progress);
        }
    }

    private async Task CheckOneAsync(LogicalBroker broker, ReadOnlyMemory<byte> record, BatchEntry entry, int max, CancellationToken ct)
    {
        var message = DecodedMessage.Decode(record.Span);
        var checks = int.TryParse(message.GetProperty(TransactionTopics.CheckTimes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (checks >= max)
        {
            LogDiscarded(message.GetProperty(MessageConst.UniqKey) ?? "?", checks);
            await resolver.MarkResolvedAsync(broker, entry.Revision, ct).ConfigureAwait(false);
            return;
        }
        // Put it back with one more check counted (so a crash never loses the count) and ask about the copy.
        message.Properties[TransactionTopics.CheckTimes] = (checks + 1).ToString(CultureInfo.InvariantCulture);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var copy = Redelivery.Build(message, entry.EventId, "check:" + (checks + 1).ToString(CultureInfo.InvariantCulture), now, broker.StoreHost);
        var appended = await queues.Store.AppendAsync(queues.StreamName(broker, TransactionTopics.Half, 0), new[] { copy }, null, ct).ConfigureAwait(false);
        var at = appended.Events[0];

        var producerGroup = message.GetProperty(MessageConst.PGroup);
        if (string.IsNullOrEmpty(producerGroup))
        {
            return;
        }
        var producers = await routing.GetProducersAsync(producerGroup, ct).ConfigureAwait(false);
        if (producers.Count == 0)
        {
            LogNoProducer(producerGroup);
            return;
        }
        var producer = producers[Random.Shared.Next(producers.Count)];

        // The producer sees the message as it will be delivered: its real topic and queue.
        message.Topic = message.GetProperty(MessageConst.RealTopic) ?? message.Topic;
        message.QueueId = int.TryParse(message.GetProperty(MessageConst.RealQid), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) ? q : 0;
        message.QueueOffset = at.Revision;
        message.CommitLogOffset = at.Position;
        var uniq = message.GetProperty(MessageConst.UniqKey);
        var request = RemotingCommand.CreateRequest((int)RequestCode.CheckTransactionState);
        request.Language = LanguageCode.JAVA;
        new CheckTransactionStateRequestHeader
        {
            TranStateTableOffset = at.Revision,
            CommitLogOffset = at.Position,
            MsgId = uniq,
            TransactionId = uniq,
            OffsetMsgId = MessageId.CreateOffsetMsgId(broker.StoreHost, at.Position),
        }.EncodeTo(request);
        request.Body = message.Encode();
        await clients.SendAsync(producer.ClientId, request, oneway: true, ct).ConfigureAwait(false);
    }

    /// <summary>Half-message offsets (at or after <paramref name="progress"/>) that have an op, read incrementally.</summary>
    private async Task<HashSet<long>> ReadResolvedAsync(LogicalBroker broker, long progress, CancellationToken ct)
    {
        if (!_ops.TryGetValue(broker.Index, out var state))
        {
            state = (0, []);
        }
        var opStream = queues.StreamName(broker, TransactionTopics.Op, 0);
        var next = state.OpNext;
        while (true)
        {
            using var batch = await queues.Store.ReadForwardAsync(opStream, next, 512, 1024 * 1024, ct).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                if (long.TryParse(Encoding.ASCII.GetString(batch.GetData(i).Span), NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) && offset >= progress)
                {
                    state.Resolved.Add(offset);
                }
                next = batch.Entries[i].Revision + 1;
            }
        }
        _ops[broker.Index] = (next, state.Resolved);
        return state.Resolved;
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Transaction check on {Broker} failed; retrying at the next interval")]
    private partial void LogCheckFailed(Exception ex, string broker);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Half message {MsgId} discarded after {Checks} unanswered transaction checks (transactionCheckMax)")]
    private partial void LogDiscarded(string msgId, int checks);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "No live producer of group {Group} to check a transaction with; asking again next interval")]
    private partial void LogNoProducer(string group);
}
