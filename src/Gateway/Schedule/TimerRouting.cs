using System.Buffers.Text;
using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Schedule;

/// <summary>What a send's TIMER_* properties ask for.</summary>
public readonly record struct TimerRequest(bool IsTimer, long DueMs, string? Error)
{
    public static readonly TimerRequest None = new(false, 0, null);

    /// <summary>Due now or earlier: stored in its topic at once, as RocketMQ 5 does.</summary>
    public bool IsDueBy(long nowMs) => DueMs <= nowMs;
}

/// <summary>
/// RocketMQ 5 timer messages (HookUtils.transformTimerMessage): TIMER_DELAY_SEC or TIMER_DELAY_MS (relative to the
/// broker's arrival time) or TIMER_DELIVER_MS (absolute epoch ms), in that order of precedence. A message due later
/// is stored in the timer wheel with TIMER_OUT_MS, REAL_TOPIC and REAL_QID; on delivery it goes back to its real queue
/// with its TIMER_* requests kept, as RocketMQ 5 delivers it. TIMER_OUT_MS marks it as already timed
/// (HookUtils.checkIfTimerMessage's double check), so neither the delivered copy nor a consumer's re-send of it is
/// delayed again.
/// </summary>
public static class TimerRouting
{
    private static ReadOnlySpan<byte> TimerOutMsUtf8 => "TIMER_OUT_MS"u8;

    private static ReadOnlySpan<byte> TimerDelUniqKeyUtf8 => "TIMER_DEL_UNIQKEY"u8;

    /// <summary>Whether a send is a cancel (TIMER_DEL_UNIQKEY): a marker for the wheel, never delivered itself.</summary>
    public static bool IsCancel(string properties) => !StoredRecords.FindProperty(properties, MessageConst.TimerDelUniqKey).IsEmpty;

    /// <summary>What a cancel names to cancel a message: <c>{realTopic}+{UNIQ_KEY}</c>, as RocketMQ 5's TimerMessageStore.buildDeleteKey.</summary>
    public static string CancelKey(string realTopic, string uniqKey) => realTopic + "+" + uniqKey;

    /// <summary>Whether a send asks for a delivery time: a TIMER_* request on a message the wheel has not timed yet.</summary>
    public static bool HasTimerProperty(string properties) =>
        (!StoredRecords.FindProperty(properties, MessageConst.TimerDelaySec).IsEmpty
            || !StoredRecords.FindProperty(properties, MessageConst.TimerDelayMs).IsEmpty
            || !StoredRecords.FindProperty(properties, MessageConst.TimerDeliverMs).IsEmpty)
        && StoredRecords.FindProperty(properties, MessageConst.TimerOutMs).IsEmpty;

    /// <summary>The due time a message asks for, or the remark of a 13 MESSAGE_ILLEGAL naming the bad property.</summary>
    public static TimerRequest Parse(string properties, long nowMs, long maxDelaySec)
    {
        if (!HasTimerProperty(properties))
        {
            return TimerRequest.None;
        }
        var maxDelayMs = maxDelaySec * 1000;
        var sec = StoredRecords.FindProperty(properties, MessageConst.TimerDelaySec);
        if (!sec.IsEmpty)
        {
            return Relative(MessageConst.TimerDelaySec, sec, 1000, "seconds", nowMs, maxDelaySec);
        }
        var ms = StoredRecords.FindProperty(properties, MessageConst.TimerDelayMs);
        if (!ms.IsEmpty)
        {
            return Relative(MessageConst.TimerDelayMs, ms, 1, "milliseconds", nowMs, maxDelaySec);
        }
        var at = StoredRecords.FindProperty(properties, MessageConst.TimerDeliverMs);
        if (at.IsEmpty)
        {
            return TimerRequest.None;
        }
        // A time in the past (even a negative one) is due at once, as RocketMQ 5 stores it.
        if (!long.TryParse(at, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dueMs))
        {
            return Invalid($"{MessageConst.TimerDeliverMs} '{at}' is not an epoch time in milliseconds; give the delivery time as digits, e.g. {MessageConst.TimerDeliverMs}={nowMs + 60_000}");
        }
        if (dueMs - nowMs > maxDelayMs)
        {
            return Invalid($"{MessageConst.TimerDeliverMs}={dueMs} is {(dueMs - nowMs) / 1000} s from now, beyond the maximum delay of {Describe(maxDelaySec)}; send it closer to its delivery time or raise timerMaxDelaySec");
        }
        return new TimerRequest(true, dueMs, null);
    }

    private static TimerRequest Relative(string key, ReadOnlySpan<char> text, long unitMs, string unit, long nowMs, long maxDelaySec)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return Invalid($"{key} '{text}' is not a whole number of {unit}; give the delay as digits, e.g. {key}={60_000 / unitMs}");
        }
        if (amount < 0)
        {
            return new TimerRequest(true, nowMs, null); // due at once: RocketMQ 5 treats it as a due time in the past
        }
        if (amount > maxDelaySec * 1000 / unitMs)
        {
            return Invalid($"{key}={amount} is beyond the maximum delay of {Describe(maxDelaySec)}; use a shorter delay or raise timerMaxDelaySec");
        }
        return new TimerRequest(true, nowMs + amount * unitMs, null);
    }

    private static TimerRequest Invalid(string remark) => new(true, 0, remark);

    private static string Describe(long maxDelaySec) =>
        string.Create(CultureInfo.InvariantCulture, $"{maxDelaySec} s ({maxDelaySec / 86_400.0:0.##} days, Broker:timerMaxDelaySec)");

    /// <summary>Where a message due later is stored: the wheel's topic (queue 0), its destination kept in properties.</summary>
    public static (string Topic, int QueueId, string Properties) ToWheel(string topic, int queueId, string properties, long dueMs, long nowMs)
    {
        var extra = string.Create(CultureInfo.InvariantCulture,
            $"{MessageConst.TimerOutMs}\u0001{dueMs}\u0002{MessageConst.RealTopic}\u0001{topic}\u0002{MessageConst.RealQid}\u0001{queueId}\u0002{MessageConst.TimerEnqueueMs}\u0001{nowMs}");
        return (TimerSlots.TimerTopic, 0, StoredRecords.MergeProperties(properties, extra));
    }

    /// <summary>The due time of a stored wheel record (its TIMER_OUT_MS), read without decoding the message.</summary>
    public static bool TryReadDue(ReadOnlySpan<byte> record, out long dueMs) => TryReadEntry(record, out dueMs, out _);

    /// <summary>
    /// The due time of a stored wheel record, and, when it is a cancel marker, the key it cancels (null otherwise);
    /// read without decoding the message, allocating only for markers.
    /// </summary>
    public static bool TryReadEntry(ReadOnlySpan<byte> record, out long dueMs, out string? cancels)
    {
        dueMs = 0;
        cancels = null;
        if (!MessageRecordReader.TryRead(record, out var view, out _))
        {
            return false;
        }
        var properties = view.GetProperties(record);
        if (MessageProperties.TryFind(properties, TimerDelUniqKeyUtf8, out var key) && !key.IsEmpty)
        {
            cancels = System.Text.Encoding.UTF8.GetString(key);
        }
        return MessageProperties.TryFind(properties, TimerOutMsUtf8, out var value)
            && Utf8Parser.TryParse(value, out dueMs, out var consumed) && consumed == value.Length;
    }

    /// <summary>
    /// Turns a wheel record back into the message for its real queue: REAL_TOPIC/REAL_QID become its topic and queue
    /// and are dropped, TIMER_DEQUEUE_MS is added; everything else stays, the TIMER_* requests, TIMER_OUT_MS and
    /// TIMER_ENQUEUE_MS included, as RocketMQ 5's TimerMessageStore.convertMessage leaves them (TIMER_OUT_MS keeps the
    /// requests from delaying it again). False when the record has no usable destination.
    /// </summary>
    public static bool TryRestore(DecodedMessage message, long nowMs)
    {
        var realTopic = message.GetProperty(MessageConst.RealTopic);
        if (string.IsNullOrEmpty(realTopic)
            || !int.TryParse(message.GetProperty(MessageConst.RealQid), NumberStyles.None, CultureInfo.InvariantCulture, out var realQueue))
        {
            return false;
        }
        message.Topic = realTopic;
        message.QueueId = realQueue;
        message.Properties.Remove(MessageConst.RealTopic);
        message.Properties.Remove(MessageConst.RealQid);
        message.Properties[MessageConst.TimerDequeueMs] = nowMs.ToString(CultureInfo.InvariantCulture);
        return true;
    }
}
