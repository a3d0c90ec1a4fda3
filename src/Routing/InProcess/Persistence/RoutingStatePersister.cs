using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>
/// Decides when the state files are written. Topics, groups and kv are written soon after a change by one
/// background loop, so a burst of changes costs one write per file; offsets change on every pull and are written
/// every flush interval when dirty. Writes happen off the callers' paths, so a slow disk never slows a request.
/// </summary>
internal sealed class RoutingStatePersister : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly RoutingStateFiles _files;
    private readonly RoutingTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _metadataChanged = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly PeriodicTimer _offsetTimer;
    private readonly Task _metadataLoop;
    private readonly Task _offsetLoop;
    private TaskCompletionSource _nextPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _writtenTopics;
    private long _writtenGroups;
    private long _writtenKv;

    public RoutingStatePersister(RoutingStateFiles files, RoutingTables tables, TimeSpan offsetFlushInterval, TimeProvider time, ILogger logger)
    {
        _files = files;
        _tables = tables;
        _time = time;
        _logger = logger;
        // What was just loaded is what is on disk.
        _writtenTopics = tables.Topics.Version.Counter;
        _writtenGroups = tables.Groups.Version.Counter;
        _writtenKv = tables.Kv.Version;
        // Created here, not in the loop, so the first flush is one interval after opening however late the loop starts.
        _offsetTimer = new PeriodicTimer(offsetFlushInterval, time);
        _metadataLoop = Task.Run(WriteMetadataLoopAsync);
        _offsetLoop = Task.Run(FlushOffsetsLoopAsync);
    }

    /// <summary>Wakes the metadata writer; signals arriving while it writes collapse into one more pass.</summary>
    public void MetadataChanged() => _metadataChanged.Writer.TryWrite(true);

    /// <summary>
    /// Completes when a write pass that started after this call has put every change made before it on disk, so a
    /// created topic survives a crash right after it was acknowledged (RocketMQ persists topics.json likewise).
    /// Fails with <see cref="IOException"/> when that pass could not write.
    /// </summary>
    public Task WhenPersistedAsync()
    {
        // Take the pass first, then signal: if the writer swapped passes in between, the signal makes it run ours.
        var pass = Volatile.Read(ref _nextPass);
        MetadataChanged();
        return pass.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _metadataLoop.ConfigureAwait(false);
        await _offsetLoop.ConfigureAwait(false);
        _offsetTimer.Dispose();
        _stopping.Dispose();

        // The loops have stopped, so nothing else touches the files now: write whatever they had not.
        var failures = new List<Exception>();
        WriteMetadata((path, ex) => { InProcessRoutingLog.FinalWriteFailed(_logger, ex, path); failures.Add(ex); });
        if (failures.Count == 0)
        {
            _nextPass.TrySetResult();
        }
        else
        {
            _nextPass.TrySetException(new IOException($"could not save the routing state: {failures[0].Message}", failures[0]));
        }
        FlushOffsets((path, ex) => { InProcessRoutingLog.FinalWriteFailed(_logger, ex, path); failures.Add(ex); });
        if (failures.Count > 0)
            throw new IOException($"Could not save the routing state to '{_files.Directory}' while closing the store: {failures[0].Message}", failures[0]);
    }

    private async Task WriteMetadataLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _metadataChanged.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                _metadataChanged.Reader.TryRead(out _);
                var pass = Interlocked.Exchange(ref _nextPass, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                Exception? failure = null;
                WriteMetadata((path, ex) => { InProcessRoutingLog.WriteFailed(_logger, ex, path); failure ??= new IOException($"could not write '{path}': {ex.Message}", ex); });
                if (failure is null)
                {
                    pass.TrySetResult();
                }
                else
                {
                    pass.TrySetException(failure);
                    await Task.Delay(RetryDelay, _time, token).ConfigureAwait(false);
                    MetadataChanged();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closing: DisposeAsync writes what is left, then releases anyone still waiting.
        }
    }

    private async Task FlushOffsetsLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _offsetTimer.WaitForNextTickAsync(token).ConfigureAwait(false))
                FlushOffsets((path, ex) => InProcessRoutingLog.WriteFailed(_logger, ex, path));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closing: DisposeAsync writes what is left.
        }
    }

    private void WriteMetadata(Action<string, Exception> onFailure)
    {
        // The version is read before the snapshot is taken, so a change racing the write leaves the file marked behind.
        var topics = _tables.Topics.Version;
        if (topics.Counter != _writtenTopics && TryWrite(_files.Topics, () => _files.WriteTopics(topics), onFailure))
            _writtenTopics = topics.Counter;
        var groups = _tables.Groups.Version;
        if (groups.Counter != _writtenGroups && TryWrite(_files.Groups, () => _files.WriteGroups(groups), onFailure))
            _writtenGroups = groups.Counter;
        var kv = _tables.Kv.Version;
        if (kv != _writtenKv && TryWrite(_files.Kv, _files.WriteKv, onFailure))
            _writtenKv = kv;
    }

    private void FlushOffsets(Action<string, Exception> onFailure)
    {
        if (_tables.Offsets.TakeDirty() && !TryWrite(_files.Offsets, _files.WriteOffsets, onFailure))
            _tables.Offsets.MarkDirty();
    }

    private static bool TryWrite(StateFile file, Action write, Action<string, Exception> onFailure)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception ex)
        {
            // Logged and retried rather than ending the writer loop, whatever the cause (disk full, permissions).
            onFailure(file.Path, ex);
            return false;
        }
    }
}
