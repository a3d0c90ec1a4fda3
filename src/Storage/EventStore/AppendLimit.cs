namespace EventBroker.Storage.EventStore;

/// <summary>The largest append (data bytes) the server takes; starts from the options and only ever goes down.</summary>
internal sealed class AppendLimit(int initialBytes)
{
    private int _bytes = initialBytes;

    public int Bytes => Volatile.Read(ref _bytes);

    /// <summary>
    /// The server refused an append of <paramref name="attemptedBytes"/>, naming its limit. If the refused append was
    /// already within that limit (the server counts more than the data), aim lower still, so splitting makes progress.
    /// </summary>
    public int Lower(int reportedBytes, long attemptedBytes)
    {
        var target = reportedBytes > 0 ? reportedBytes : Bytes;
        if (attemptedBytes <= target)
        {
            target = (int)Math.Max(1, attemptedBytes * 9 / 10);
        }
        int current;
        do
        {
            current = Volatile.Read(ref _bytes);
            if (target >= current)
            {
                return current;
            }
        }
        while (Interlocked.CompareExchange(ref _bytes, target, current) != current);
        return target;
    }
}
