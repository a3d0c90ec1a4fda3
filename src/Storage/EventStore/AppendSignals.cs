using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// Fans StreamAppended out to the subscribers. The same append may be reported twice (by this store when it completes,
/// and again by the $all subscription), in any order: only a larger next revision than already signalled goes out,
/// so each subscriber sees a stream's revisions rise. A throwing handler is logged and the others still run.
/// </summary>
internal sealed class AppendSignals(ILogger logger, string description)
{
    private readonly ConcurrentDictionary<string, long> _signalled = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private Action<StreamAppended>[] _handlers = [];

    public bool HasSubscribers => Volatile.Read(ref _handlers).Length > 0;

    public IDisposable Subscribe(Action<StreamAppended> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }
        return new Subscription(this, handler);
    }

    public void Publish(string stream, long nextRevision)
    {
        while (true)
        {
            if (_signalled.TryGetValue(stream, out var signalled))
            {
                if (nextRevision <= signalled)
                {
                    return;
                }
                if (_signalled.TryUpdate(stream, nextRevision, signalled))
                {
                    break;
                }
            }
            else if (_signalled.TryAdd(stream, nextRevision))
            {
                break;
            }
        }
        var appended = new StreamAppended(stream, nextRevision);
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(appended);
            }
            catch (Exception ex)
            {
                EventStoreStoreLog.HandlerFailed(logger, ex, description, stream);
            }
        }
    }

    private void Unsubscribe(Action<StreamAppended> handler)
    {
        lock (_gate)
        {
            _handlers = Array.FindAll(_handlers, h => !ReferenceEquals(h, handler));
        }
    }

    private sealed class Subscription(AppendSignals owner, Action<StreamAppended> handler) : IDisposable
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
