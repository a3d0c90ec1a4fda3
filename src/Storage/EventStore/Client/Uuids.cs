using System.Buffers.Binary;
using EventBroker.Storage.EventStore.Protos;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// <see cref="Guid"/> to and from EventStoreDB's UUID. The structured form is the java.util.UUID layout: the RFC 4122
/// (text-order) bytes as two big-endian int64 halves. <see cref="Guid.ToByteArray()"/> is mixed-endian, so the bytes
/// are taken in big-endian order instead.
/// </summary>
internal static class Uuids
{
    public static UUID ToStructured(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return new UUID
        {
            Structured = new UUID.Types.Structured
            {
                MostSignificantBits = BinaryPrimitives.ReadInt64BigEndian(bytes),
                LeastSignificantBits = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]),
            },
        };
    }

    /// <exception cref="FormatException">A string form that is not a UUID, or neither form set.</exception>
    public static Guid ToGuid(UUID? uuid)
    {
        switch (uuid?.ValueCase)
        {
            case UUID.ValueOneofCase.Structured:
                Span<byte> bytes = stackalloc byte[16];
                BinaryPrimitives.WriteInt64BigEndian(bytes, uuid.Structured.MostSignificantBits);
                BinaryPrimitives.WriteInt64BigEndian(bytes[8..], uuid.Structured.LeastSignificantBits);
                return new Guid(bytes, bigEndian: true);
            case UUID.ValueOneofCase.String:
                return Guid.Parse(uuid.String);
            default:
                throw new FormatException("the UUID has neither its structured nor its string form set");
        }
    }
}
