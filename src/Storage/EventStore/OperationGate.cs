namespace EventBroker.Storage.EventStore;

/// <summary>
/// Counts operations in flight so that closing the store lets the ones already started finish (their results are
/// owed to callers) while new ones get ObjectDisposedException.
/// </summary>
internal sealed class OperationGate(object owner)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private volatile bool _closing;

    public bool IsClosed => _closing;

    public Lease Enter()
    {
        Interlocked.Increment(ref _count);
        if (_closing)
        {
            Exit();
            throw new ObjectDisposedException(owner.GetType().FullName);
        }
        return new Lease(this);
    }

    /// <summary>Refuses new operations and waits (at most <paramref name="limit"/>) for those in flight.</summary>
    public async Task CloseAsync(TimeSpan limit)
    {
        _closing = true;
        if (Volatile.Read(ref _count) == 0)
        {
            _drained.TrySetResult();
        }
        await Task.WhenAny(_drained.Task, Task.Delay(limit)).ConfigureAwait(false);
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _closing)
        {
            _drained.TrySetResult();
        }
    }

    public readonly struct Lease(OperationGate gate) : IDisposable
    {
        public void Dispose() => gate.Exit();
    }
}
