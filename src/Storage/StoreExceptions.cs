namespace EventBroker.Storage;

/// <summary>The store could not do what was asked, and says why in terms an operator can act on.</summary>
public class StreamStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The store cannot take the request now (unreachable, disk full, read-only); a retry later may succeed.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : StreamStoreException(message, inner);

/// <summary>An append's expected revision did not match the stream.</summary>
public sealed class WrongExpectedRevisionException(string stream, long expected, long actual)
    : StreamStoreException($"stream '{stream}' is at revision {actual}, expected {expected}")
{
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>An append larger than the store accepts in one write.</summary>
public sealed class AppendTooLargeException(string message) : StreamStoreException(message);
