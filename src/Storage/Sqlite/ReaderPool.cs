using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// A small pool of read-only connections. WAL lets them read beside the writer, each from the last commit.
/// Reads run synchronously on the caller's thread (SQLite has no asynchronous I/O); callers wait only when every
/// connection is busy. A connection that failed is closed rather than reused.
/// </summary>
internal sealed class ReaderPool(string fullPath, string displayPath) : IDisposable
{
    private static readonly int Size = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    private readonly ConcurrentStack<ReadConnection> _idle = new();
    private readonly SemaphoreSlim _slots = new(Size, Size);
    private volatile bool _disposed;

    public ValueTask<T> ReadAsync<TState, T>(TState state, Func<ReadConnection, TState, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _slots.Wait(0) ? new ValueTask<T>(ReadHoldingSlot(state, read)) : ReadWhenFreeAsync(state, read, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private async ValueTask<T> ReadWhenFreeAsync<TState, T>(TState state, Func<ReadConnection, TState, T> read, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return ReadHoldingSlot(state, read);
    }

    private T ReadHoldingSlot<TState, T>(TState state, Func<ReadConnection, TState, T> read)
    {
        ReadConnection? connection = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connection = _idle.TryPop(out var idle) ? idle : ReadConnection.Open(fullPath);
            var result = read(connection, state);
            _idle.Push(connection);
            connection = null;
            if (_disposed)
            {
                CloseIdle();
            }
            return result;
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.ForRead(ex, displayPath);
        }
        finally
        {
            connection?.Dispose();
            _slots.Release();
        }
    }

    private void CloseIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }
}
