using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Sqlite;

/// <summary>Calls the append subscribers after each commit, on the writer thread; a throwing subscriber is logged and skipped.</summary>
internal sealed class AppendNotifier(ILogger logger, string displayPath)
{
    private readonly Lock _gate = new();
    private Action<StreamAppended>[] _handlers = [];

    public IDisposable Subscribe(Action<StreamAppended> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }
        return new Subscription(this, handler);
    }

    public void Notify(List<StreamAppended> appended)
    {
        // Copy-on-write: the writer reads the array without the lock, and a subscriber may unsubscribe from inside its handler.
        var handlers = Volatile.Read(ref _handlers);
        if (handlers.Length == 0)
        {
            return;
        }
        foreach (var e in appended)
        {
            foreach (var handler in handlers)
            {
                try
                {
                    handler(e);
                }
                catch (Exception ex)
                {
                    SqliteStoreLog.SubscriberFailed(logger, displayPath, e.Stream, ex);
                }
            }
        }
    }

    private void Unsubscribe(Action<StreamAppended> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                _handlers = [.. _handlers.AsSpan(0, index), .. _handlers.AsSpan(index + 1)];
            }
        }
    }

    private sealed class Subscription(AppendNotifier owner, Action<StreamAppended> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
