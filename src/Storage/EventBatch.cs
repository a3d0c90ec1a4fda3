using System.Buffers;

namespace EventBroker.Storage;

/// <summary>Where one event of a batch sits in the batch's buffer.</summary>
public readonly record struct BatchEntry(long Revision, long Position, long TimestampMs, Guid EventId, int Offset, int Length);

/// <summary>
/// Events read from one stream: their data back to back in one pooled buffer, so a pull can patch the
/// records in place and send the buffer as its body without a copy per message.
/// </summary>
public sealed class EventBatch : IDisposable
{
    public static EventBatch Empty(StreamBounds bounds) => new([], 0, [], 0, bounds, pooled: false);

    private byte[] _buffer;
    private readonly BatchEntry[] _entries;
    private readonly bool _pooled;

    public EventBatch(byte[] buffer, int length, BatchEntry[] entries, int count, StreamBounds bounds, bool pooled)
    {
        _buffer = buffer;
        Length = length;
        _entries = entries;
        Count = count;
        Bounds = bounds;
        _pooled = pooled;
    }

    public int Count { get; }

    /// <summary>Total bytes of event data.</summary>
    public int Length { get; }

    /// <summary>The stream's bounds as seen by this read.</summary>
    public StreamBounds Bounds { get; }

    public ReadOnlySpan<BatchEntry> Entries => _entries.AsSpan(0, Count);

    /// <summary>The data of all events, back to back. Writable so the caller can patch records before sending.</summary>
    public Memory<byte> Data => _buffer.AsMemory(0, Length);

    public Memory<byte> GetData(int index)
    {
        var e = _entries[index];
        return _buffer.AsMemory(e.Offset, e.Length);
    }

    public void Dispose()
    {
        if (_pooled && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = [];
    }
}
