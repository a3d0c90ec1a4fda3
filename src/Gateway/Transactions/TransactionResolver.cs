using System.Globalization;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Transactions;

/// <summary>
/// Commits or rolls back a half message: a commit re-puts it to REAL_TOPIC/REAL_QID (its event id derived from the
/// producer's UNIQ_KEY, so the same transaction committed twice — by the producer and by a check, or from two
/// copies of the half message — is delivered once); both write an op that marks the half message resolved.
/// </summary>
public sealed class TransactionResolver(QueueStore queues, BrokerStats stats, TimeProvider time)
{
    public const int Commit = 8;
    public const int Rollback = 12;

    public async ValueTask<string?> ResolveAsync(LogicalBroker broker, long halfPosition, int commitOrRollback, CancellationToken ct)
    {
        var stored = await queues.Store.ReadByPositionAsync(halfPosition, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return $"the half message at commit-log offset {halfPosition} was not found";
        }
        var message = DecodedMessage.Decode(stored.Data.Span);
        if (message.Topic != TransactionTopics.Half)
        {
            return $"the message at commit-log offset {halfPosition} is not a half message (topic {message.Topic})";
        }
        if (commitOrRollback == Commit)
        {
            var realTopic = message.GetProperty(MessageConst.RealTopic);
            if (realTopic is null || !int.TryParse(message.GetProperty(MessageConst.RealQid), NumberStyles.Integer, CultureInfo.InvariantCulture, out var realQueue))
            {
                return "the half message has no REAL_TOPIC/REAL_QID";
            }
            var sourceId = message.GetProperty(MessageConst.UniqKey) is { Length: > 0 } uniq ? UniqueKey.ToEventId(uniq) : stored.EventId;
            message.Topic = realTopic;
            message.QueueId = realQueue;
            message.SysFlag = MessageSysFlag.ResetTransactionValue(message.SysFlag, MessageSysFlag.TransactionCommitType);
            message.Properties.Remove(TransactionTopics.CheckTimes);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var committed = Redelivery.Build(message, sourceId, "commit", now, broker.StoreHost);
            await queues.Store.AppendAsync(queues.StreamName(broker, realTopic, realQueue), new[] { committed }, null, ct).ConfigureAwait(false);
            stats.RecordPut(realTopic, 1);
        }
        await MarkResolvedAsync(broker, stored.Revision, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>Writes the op that takes a half message (by its queue offset) out of the check service's sight.</summary>
    public async ValueTask MarkResolvedAsync(LogicalBroker broker, long halfQueueOffset, CancellationToken ct)
    {
        var body = Encoding.ASCII.GetBytes(halfQueueOffset.ToString(CultureInfo.InvariantCulture));
        var id = Redelivery.DeriveEventId(Guid.Empty, "op:" + broker.Name + ":" + halfQueueOffset.ToString(CultureInfo.InvariantCulture));
        await queues.Store.AppendAsync(queues.StreamName(broker, TransactionTopics.Op, 0),
            new[] { new EventToAppend(id, body, time.GetUtcNow().ToUnixTimeMilliseconds()) }, null, ct).ConfigureAwait(false);
    }
}
