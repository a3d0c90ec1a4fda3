using System.Globalization;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// The timer wheel's layout in the store: a timer message is stored in the slot stream of the minute it falls due,
/// <c>mq/{cluster}%timer/{broker}/{slot}</c>, slot = due epoch ms / 60 000. The deliverer walks slots in time order,
/// so a slot is read only once its minute has come, however far ahead it was filled.
/// <para>
/// The name is under <c>mq/</c> (EventStoreDB's append watcher reports it to every gateway) but not under
/// <c>mq/{cluster}/</c>, the prefix retention applies fileReservedTime to: a message due in 40 days must outlive a
/// 48-hour retention. '%' cannot occur in a cluster name, so no cluster's queue streams share the prefix; the name has
/// three parts after <c>mq/</c>, so it never parses as a queue stream. Never starts with '$'.
/// </para>
/// </summary>
public static class TimerSlots
{
    /// <summary>RocketMQ's system topic of timer messages (TimerMessageStore.TIMER_TOPIC).</summary>
    public const string TimerTopic = "rmq_sys_wheel_timer";

    public const long SlotMs = 60_000;

    private const string Marker = "%timer";

    public static long SlotOf(long dueMs) => Math.DivRem(dueMs, SlotMs, out var rem) - (rem < 0 ? 1 : 0);

    public static long StartOf(long slot) => slot * SlotMs;

    public static string StreamName(string cluster, string broker, long slot) =>
        string.Create(CultureInfo.InvariantCulture, $"mq/{cluster}{Marker}/{broker}/{slot}");

    public static bool TryParse(string stream, out string cluster, out string broker, out long slot)
    {
        cluster = broker = "";
        slot = 0;
        if (!stream.StartsWith("mq/", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = stream[3..].Split('/');
        if (parts.Length != 3 || !parts[0].EndsWith(Marker, StringComparison.Ordinal)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out slot))
        {
            return false;
        }
        (cluster, broker) = (parts[0][..^Marker.Length], parts[1]);
        return true;
    }
}
