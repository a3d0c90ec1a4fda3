using System.Collections.Concurrent;
using EventBroker.Storage;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Wakes parked long-poll pulls when their stream grows. The store reports appends (its own, and other gateways'
/// where it can see them); a pull waits for the stream to pass the revision it last saw.
/// </summary>
public sealed class AppendSignals : IDisposable
{
    private readonly ConcurrentDictionary<string, Waiters> _byStream = new(StringComparer.Ordinal);
    private readonly IDisposable _subscription;

    public AppendSignals(IStreamStore store)
    {
        _subscription = store.SubscribeToAppends(OnAppended);
    }

    /// <summary>Parked pulls right now, for metrics and /health.</summary>
    public int ParkedCount => _byStream.Values.Sum(w => w.Count);

    /// <summary>
    /// Registers interest in <paramref name="stream"/> growing past <paramref name="seenNextRevision"/>. The caller
    /// re-checks the stream after registering (an append may have landed in between) and then awaits the task.
    /// </summary>
    public Waiter Register(string stream, long seenNextRevision)
    {
        var waiter = new Waiter(this, stream, seenNextRevision);
        _byStream.GetOrAdd(stream, _ => new Waiters()).Add(waiter);
        return waiter;
    }

    /// <summary>Wakes pulls parked on the stream; also called for appends other gateways report.</summary>
    public void Signal(StreamAppended appended) => OnAppended(appended);

    private void OnAppended(StreamAppended appended)
    {
        if (_byStream.TryGetValue(appended.Stream, out var waiters))
        {
            waiters.Wake(appended.NextRevision);
        }
    }

    private void Remove(Waiter waiter)
    {
        if (_byStream.TryGetValue(waiter.Stream, out var waiters))
        {
            waiters.Remove(waiter);
        }
    }

    public void Dispose() => _subscription.Dispose();

    public sealed class Waiter : IDisposable
    {
        private readonly AppendSignals _owner;
        private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Waiter(AppendSignals owner, string stream, long seen)
        {
            _owner = owner;
            Stream = stream;
            SeenNextRevision = seen;
        }

        public string Stream { get; }

        public long SeenNextRevision { get; }

        /// <summary>Completes when the stream grows past the seen revision.</summary>
        public Task Signaled => _signal.Task;

        internal void Wake() => _signal.TrySetResult();

        public void Dispose() => _owner.Remove(this);
    }

    private sealed class Waiters
    {
        private readonly List<Waiter> _list = [];

        public int Count
        {
            get
            {
                lock (_list)
                {
                    return _list.Count;
                }
            }
        }

        public void Add(Waiter waiter)
        {
            lock (_list)
            {
                _list.Add(waiter);
            }
        }

        public void Remove(Waiter waiter)
        {
            lock (_list)
            {
                _list.Remove(waiter);
            }
        }

        public void Wake(long nextRevision)
        {
            List<Waiter>? woken = null;
            lock (_list)
            {
                for (var i = _list.Count - 1; i >= 0; i--)
                {
                    if (nextRevision > _list[i].SeenNextRevision)
                    {
                        (woken ??= []).Add(_list[i]);
                        _list.RemoveAt(i);
                    }
                }
            }
            // Completed outside the lock; continuations run asynchronously.
            if (woken is not null)
            {
                foreach (var w in woken)
                {
                    w.Wake();
                }
            }
        }
    }
}
