namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// The messages pulled from one queue and not yet consumed (ProcessQueue.java), ordered by queue offset. Its lowest
/// offset is what may be committed, its size drives flow control, and for orderly consumption it also holds the
/// messages being consumed and the state of the broker's queue lock.
/// </summary>
internal sealed class ProcessQueue
{
    /// <summary>The client-side lock lifetime (rocketmq.client.rebalance.lockMaxLiveTime).</summary>
    public static readonly TimeSpan LockMaxLiveTime = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly SortedDictionary<long, ReceivedMessage> _messages = new();
    private readonly SortedDictionary<long, ReceivedMessage> _consuming = new();
    private readonly TimeProvider _time;
    private long _size;
    private long _maxOffset = -1;
    private volatile bool _dropped;
    private volatile bool _locked;
    private long _lastLockTicks;

    public ProcessQueue(MessageQueue queue, TimeProvider time)
    {
        Queue = queue;
        _time = time;
        Stopped = new CancellationTokenSource();
    }

    public MessageQueue Queue { get; }

    /// <summary>Cancelled when the queue is dropped: ends its pull loop and long polls.</summary>
    public CancellationTokenSource Stopped { get; }

    /// <summary>Orderly: one consumption at a time per queue.</summary>
    public SemaphoreSlim ConsumeGate { get; } = new(1, 1);

    public bool Dropped
    {
        get => _dropped;
        set
        {
            _dropped = value;
            if (value)
            {
                Stopped.Cancel();
            }
        }
    }

    public bool Locked
    {
        get => _locked;
        set
        {
            _locked = value;
            if (value)
            {
                Interlocked.Exchange(ref _lastLockTicks, _time.GetTimestamp());
                LastLock = _time.GetUtcNow();
            }
        }
    }

    public DateTimeOffset LastLock { get; private set; }

    public bool LockExpired => _time.GetElapsedTime(Interlocked.Read(ref _lastLockTicks)) > LockMaxLiveTime;

    /// <summary>Orderly: the first pull after the lock recomputes the start offset, since another member may have moved it.</summary>
    public bool PreviouslyLocked { get; set; }

    /// <summary>Orderly: a consume loop is running or scheduled for this queue.</summary>
    public bool Consuming { get; private set; }

    public DateTimeOffset LastPull { get; set; }

    public DateTimeOffset LastConsume { get; set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    public long SizeBytes => Interlocked.Read(ref _size);

    /// <summary>Highest minus lowest waiting offset (concurrent flow control).</summary>
    public long Span
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count == 0 ? 0 : _messages.Keys.Last() - _messages.Keys.First();
            }
        }
    }

    public (long Min, long Max) OffsetRange
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count == 0 ? (0, 0) : (_messages.Keys.First(), _messages.Keys.Last());
            }
        }
    }

    /// <summary>Orderly: the messages being consumed right now (Java reports them as "transaction" messages).</summary>
    public (long Min, long Max, int Count) ConsumingRange
    {
        get
        {
            lock (_gate)
            {
                return _consuming.Count == 0 ? (0, 0, 0) : (_consuming.Keys.First(), _consuming.Keys.Last(), _consuming.Count);
            }
        }
    }

    /// <returns>Orderly: true when a consume loop must be started for the new messages (none is running).</returns>
    public bool Put(IReadOnlyList<ReceivedMessage> messages)
    {
        lock (_gate)
        {
            var added = 0;
            foreach (var message in messages)
            {
                if (_messages.TryAdd(message.QueueOffset, message))
                {
                    added++;
                    _maxOffset = message.QueueOffset;
                    Interlocked.Add(ref _size, message.Body.Length);
                }
            }
            if (_messages.Count > 0 && !Consuming)
            {
                Consuming = true;
                return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Concurrent: removes consumed messages and returns the offset now safe to commit (the lowest still waiting, or
    /// one past the highest ever put when none waits); -1 when the queue held nothing.
    /// </summary>
    public long Remove(IEnumerable<ReceivedMessage> messages)
    {
        lock (_gate)
        {
            if (_messages.Count == 0)
            {
                return -1;
            }
            foreach (var message in messages)
            {
                if (_messages.Remove(message.QueueOffset, out var removed))
                {
                    Interlocked.Add(ref _size, -removed.Body.Length);
                }
            }
            return _messages.Count == 0 ? _maxOffset + 1 : _messages.Keys.First();
        }
    }

    /// <summary>Orderly: moves up to <paramref name="count"/> messages to the consuming set; none left ends the loop.</summary>
    public List<ReceivedMessage> Take(int count)
    {
        lock (_gate)
        {
            var taken = new List<ReceivedMessage>(Math.Min(count, _messages.Count));
            while (taken.Count < count && _messages.Count > 0)
            {
                var first = _messages.First();
                _messages.Remove(first.Key);
                _consuming[first.Key] = first.Value;
                taken.Add(first.Value);
            }
            if (taken.Count == 0)
            {
                Consuming = false;
            }
            return taken;
        }
    }

    /// <summary>Orderly: the consuming set is done; returns the offset to commit (one past its last), or -1.</summary>
    public long Commit()
    {
        lock (_gate)
        {
            if (_consuming.Count == 0)
            {
                return -1;
            }
            var next = _consuming.Keys.Last() + 1;
            foreach (var message in _consuming.Values)
            {
                Interlocked.Add(ref _size, -message.Body.Length);
            }
            _consuming.Clear();
            return next;
        }
    }

    /// <summary>Orderly: the consuming set goes back to the front, to be handed out again after a suspend.</summary>
    public void Restore(IEnumerable<ReceivedMessage> messages)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                _consuming.Remove(message.QueueOffset);
                _messages[message.QueueOffset] = message;
            }
        }
    }

    /// <summary>Orderly: a consume loop that found the queue unusable (dropped, not locked) lets the next Put restart it.</summary>
    public void StopConsuming()
    {
        lock (_gate)
        {
            Consuming = false;
        }
    }

    /// <summary>Everything waiting is forgotten (offset reset).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _consuming.Clear();
            Interlocked.Exchange(ref _size, 0);
            Consuming = false;
        }
    }
}
