namespace EventBroker.Bench.Transport;

/// <summary>Something that writes one request frame straight into the connection's output buffer.</summary>
public interface IFrameSource
{
    /// <summary>Bytes <see cref="Write"/> will produce for this opaque, length prefix included.</summary>
    int GetLength(int opaque);

    void Write(Span<byte> destination, int opaque);
}
