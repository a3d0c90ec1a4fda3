namespace EventBroker.Storage.Sqlite;

/// <summary>Finds a revision by time in a stream whose timestamps do not decrease (as RocketMQ's searchOffset assumes).</summary>
internal static class TimeSearch
{
    /// <summary>
    /// The first revision in [<paramref name="first"/>, <paramref name="next"/>) stamped at or after
    /// <paramref name="timestampMs"/>; <paramref name="next"/> when every event is older. A revision with no stored
    /// event (purged while searching) counts as older.
    /// </summary>
    public static long FirstAtOrAfter(long first, long next, long timestampMs, Func<long, long?> timestampAt)
    {
        var (low, high) = (first, next);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if ((timestampAt(middle) ?? long.MinValue) >= timestampMs)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }
}
