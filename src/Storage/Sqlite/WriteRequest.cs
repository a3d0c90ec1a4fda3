namespace EventBroker.Storage.Sqlite;

/// <summary>A unit of work for the writer thread: executed inside a group commit, completed after it.</summary>
internal interface IWriteRequest
{
    /// <summary>How much of a group commit's <see cref="SqliteStreamStoreOptions.MaxBatchEvents"/> this request uses.</summary>
    int EventCount { get; }

    /// <summary>Does the work inside the open transaction and records the outcome; a thrown exception fails the whole batch.</summary>
    void Execute(WriteBatch batch);

    /// <summary>Reports the recorded outcome, after the commit succeeded.</summary>
    void Complete();

    /// <summary>Reports that the batch failed and nothing of this request was stored.</summary>
    void Fail(Exception error);
}

/// <summary>
/// A request whose caller awaits this task. Continuations run asynchronously so completing a whole batch never
/// runs caller code on the writer thread.
/// </summary>
internal abstract class WriteRequest<T>(CancellationToken cancellationToken)
    : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IWriteRequest
{
    private T? _result;
    private Exception? _rejection;
    private bool _cancelled;

    public virtual int EventCount => 1;

    public void Execute(WriteBatch batch)
    {
        // A caller that gave up before the writer got here is not written at all; once written, it is not undone.
        if (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
            return;
        }
        try
        {
            _result = Run(batch);
        }
        catch (WrongExpectedRevisionException ex)
        {
            // Refused before it wrote anything; the rest of the batch goes ahead.
            _rejection = ex;
        }
    }

    public void Complete()
    {
        if (_cancelled)
        {
            TrySetCanceled(cancellationToken);
        }
        else if (_rejection is not null)
        {
            TrySetException(_rejection);
        }
        else
        {
            TrySetResult(_result!);
        }
    }

    public void Fail(Exception error) => TrySetException(error);

    protected abstract T Run(WriteBatch batch);
}
