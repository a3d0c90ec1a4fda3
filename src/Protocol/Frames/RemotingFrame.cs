using System.Buffers;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// One remoting frame as slices of the connection's input. The slices are only valid until the reader advances
/// past them; <see cref="RemotingCommandCodec.Decode"/> copies what must outlive that.
/// </summary>
public readonly struct RemotingFrame
{
    public RemotingFrame(SerializeType serializeType, ReadOnlySequence<byte> header, ReadOnlySequence<byte> body)
    {
        SerializeType = serializeType;
        Header = header;
        Body = body;
    }

    public SerializeType SerializeType { get; }

    public ReadOnlySequence<byte> Header { get; }

    public ReadOnlySequence<byte> Body { get; }
}
