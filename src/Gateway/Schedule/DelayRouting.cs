using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// Where a message with a delay level is really stored (CommitLog.asyncPutMessage): in SCHEDULE_TOPIC_XXXX queue
/// level-1, with REAL_TOPIC and REAL_QID remembering its destination. Properties are appended, not rewritten: the
/// last occurrence of a key wins when a client parses them, as in Java's HashMap.put.
/// </summary>
public static class DelayRouting
{
    /// <summary>The message's delay level, 0 when it has none (or a malformed one, which RocketMQ also ignores).</summary>
    public static int LevelOf(string properties)
    {
        var value = StoredRecords.FindProperty(properties, MessageConst.Delay);
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) && level > 0 ? level : 0;
    }

    public static (string Topic, int QueueId, string Properties) ToScheduleQueue(string topic, int queueId, string properties, int level, DelayLevels levels)
    {
        var clamped = levels.Clamp(level);
        var extra = string.Create(CultureInfo.InvariantCulture,
            $"{MessageConst.RealTopic}\u0001{topic}\u0002{MessageConst.RealQid}\u0001{queueId}");
        if (clamped != level)
        {
            extra += $"\u0002{MessageConst.Delay}\u0001{clamped.ToString(CultureInfo.InvariantCulture)}";
        }
        return (DelayLevels.ScheduleTopic, clamped - 1, StoredRecords.MergeProperties(properties, extra));
    }
}
