using System.Buffers;

namespace EventBroker.Storage.Sqlite;

/// <summary>
/// Gathers events read from SQLite into one buffer rented from <see cref="ArrayPool{T}.Shared"/>, data back to back,
/// copied straight from SQLite's memory. The buffer passes to the <see cref="EventBatch"/>, which returns it.
/// </summary>
internal sealed class EventBatchBuilder(int expectedEvents, int maxBytes)
{
    // The first rental is sized from the first event times the events expected, within these bounds.
    private const int MinFirstRental = 4 * 1024;
    private const int MaxFirstRental = 4 * 1024 * 1024;

    private byte[] _buffer = [];
    private BatchEntry[] _entries = [];

    public int Count { get; private set; }

    public int Length { get; private set; }

    /// <summary>Whether an event of this size still fits: always the first, then only within <c>maxBytes</c>.</summary>
    public bool Fits(int dataLength) => Count == 0 || (long)Length + dataLength <= Math.Min(maxBytes, Array.MaxLength);

    public void Add(long revision, long position, long timestampMs, Guid eventId, ReadOnlySpan<byte> data)
    {
        EnsureCapacity(data.Length);
        data.CopyTo(_buffer.AsSpan(Length));
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(Math.Min(expectedEvents, 64), Count * 2));
        }
        _entries[Count++] = new BatchEntry(revision, position, timestampMs, eventId, Length, data.Length);
        Length += data.Length;
    }

    /// <summary>Hands the buffer to a batch; the builder must not be used afterwards.</summary>
    public EventBatch Build(StreamBounds bounds)
    {
        if (Count == 0)
        {
            Abandon();
            return EventBatch.Empty(bounds);
        }
        var batch = new EventBatch(_buffer, Length, _entries, Count, bounds, pooled: true);
        _buffer = [];
        return batch;
    }

    /// <summary>Returns the buffer when the read failed.</summary>
    public void Abandon()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = [];
    }

    private void EnsureCapacity(int dataLength)
    {
        var needed = (long)Length + dataLength;
        if (needed <= _buffer.Length)
        {
            return;
        }
        // Grow geometrically, but never rent past what maxBytes lets the batch hold (Fits keeps needed within it).
        var wanted = _buffer.Length == 0
            ? Math.Clamp((long)dataLength * expectedEvents, MinFirstRental, MaxFirstRental)
            : (long)_buffer.Length * 2;
        var size = Math.Max(needed, Math.Min(wanted, maxBytes));
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, Array.MaxLength));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        Abandon();
        _buffer = larger;
    }
}
