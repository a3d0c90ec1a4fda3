using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Transactions;

/// <summary>
/// Where transactional messages live until resolved (TransactionalMessageBridge): half messages in
/// RMQ_SYS_TRANS_HALF_TOPIC queue 0 with REAL_TOPIC/REAL_QID, and one "op" per resolved half message in
/// RMQ_SYS_TRANS_OP_HALF_TOPIC queue 0 whose body is the half message's queue offset.
/// </summary>
public static class TransactionTopics
{
    public const string Half = "RMQ_SYS_TRANS_HALF_TOPIC";
    public const string Op = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public const string CheckTimes = "TRANSACTION_CHECK_TIMES";

    public static bool IsHalf(string? properties, int sysFlag)
    {
        var type = MessageSysFlag.GetTransactionValue(sysFlag);
        if (type == MessageSysFlag.TransactionPreparedType)
        {
            return true;
        }
        return type == MessageSysFlag.TransactionNotType && properties is not null
            && StoredRecords.FindProperty(properties, MessageConst.TranMsg).Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    public static (string Topic, int QueueId, string Properties) ToHalfQueue(string topic, int queueId, string properties) =>
        (Half, 0, StoredRecords.MergeProperties(properties,
            string.Create(CultureInfo.InvariantCulture, $"{MessageConst.RealTopic}\u0001{topic}\u0002{MessageConst.RealQid}\u0001{queueId}")));
}
