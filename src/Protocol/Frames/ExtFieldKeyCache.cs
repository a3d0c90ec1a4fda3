using System.Text;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Shared string instances for the ext field names clients send on every request, so decoding a header does
/// not allocate a new "topic" or "queueId" each time. Unknown names are decoded normally.
/// </summary>
internal static class ExtFieldKeyCache
{
    private static readonly string[] Keys =
    [
        // SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE short names (n = brokerName from 5.x clients).
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        // Send, pull, offsets and their responses.
        "producerGroup", "consumerGroup", "topic", "defaultTopic", "defaultTopicQueueNums", "queueId", "sysFlag",
        "bornTimestamp", "flag", "properties", "reconsumeTimes", "unitMode", "maxReconsumeTimes", "batch",
        "brokerName", "bname", "queueOffset", "maxMsgNums", "commitOffset", "suspendTimeoutMillis", "subscription",
        "subVersion", "expressionType", "msgId", "transactionId", "MSG_REGION", "TRACE_ON", "suggestWhichBrokerId",
        "nextBeginOffset", "minOffset", "maxOffset", "offset", "timestamp",
        // Client lifecycle, send-back, transactions, queries, name server.
        "clientID", "group", "delayLevel", "originMsgId", "originTopic", "tranStateTableOffset", "commitLogOffset",
        "commitOrRollback", "fromTransactionCheck", "key", "maxNum", "beginTimestamp", "endTimestamp",
        "acceptStandardJsonOnly", "namespace", "value", "cluster",
        // ACL signing fields added to every request by signing clients.
        "AccessKey", "Signature", "SecurityToken", "OnsChannel",
    ];

    private static readonly (byte[] Utf8, string Name)[][] ByLength = Build();

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < ByLength.Length)
        {
            foreach (var (bytes, name) in ByLength[utf8.Length])
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return name;
                }
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    private static (byte[] Utf8, string Name)[][] Build()
    {
        var table = new (byte[] Utf8, string Name)[Keys.Max(k => k.Length) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = Keys
                .Where(k => k.Length == length)
                .Select(k => (Encoding.UTF8.GetBytes(k), k))
                .ToArray();
        }

        return table;
    }
}
