using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EventBroker.Protocol.Messages;

/// <summary>A host as records and message ids carry it: the raw address bytes (4 or 16) then the port as int32.</summary>
internal static class HostCodec
{
    /// <summary>
    /// Whether the host is written as IPv6. An IPv4-mapped address (what a dual-mode socket reports for an
    /// IPv4 peer) counts as IPv4, as Java's InetAddress.getByAddress turns it into an Inet4Address.
    /// </summary>
    public static bool IsV6(IPEndPoint host) =>
        host.AddressFamily == AddressFamily.InterNetworkV6 && !host.Address.IsIPv4MappedToIPv6;

    public static int Length(IPEndPoint host) => IsV6(host) ? 20 : 8;

    public static int Write(Span<byte> destination, IPEndPoint host)
    {
        var address = host.Address;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (!address.TryWriteBytes(destination, out var written))
        {
            throw new ArgumentException("Destination too small for the host.", nameof(destination));
        }
        BinaryPrimitives.WriteInt32BigEndian(destination[written..], host.Port);
        return written + 4;
    }

    public static IPEndPoint Read(ReadOnlySpan<byte> source, bool ipv6)
    {
        var addressLength = ipv6 ? 16 : 4;
        var address = new IPAddress(source[..addressLength]);
        // Java writes the port as an int; anything outside 0..65535 cannot be an endpoint.
        var port = BinaryPrimitives.ReadInt32BigEndian(source[addressLength..]);
        return new IPEndPoint(address, port is >= IPEndPoint.MinPort and <= IPEndPoint.MaxPort ? port : 0);
    }
}
