using System.Buffers;

namespace EventBroker.Protocol.Tests.TestSupport;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out spans no larger than asked for (or a small chunk), like a
/// pipe with small segments, so writers that assume one big span are caught.
/// </summary>
public sealed class ChunkedBufferWriter(int chunkSize) : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public int SpansHandedOut { get; private set; }

    public byte[] WrittenBytes => _written.ToArray();

    public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count));

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        SpansHandedOut++;
        _current = new byte[Math.Max(sizeHint, chunkSize)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
