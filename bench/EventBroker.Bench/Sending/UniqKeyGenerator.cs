using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EventBroker.Bench.Sending;

/// <summary>
/// Writes UNIQ_KEY values shaped like the Java client's (hex of IP 4 + pid 2 + hash 4 + ms since month start 4
/// + counter 2), so a broker that reads the time out of a key sees a real one. Java's 16-bit counter can repeat
/// within a millisecond at high rates; here the counter's upper bits are folded into the hash field, which makes
/// every key of a run distinct, and the hash starts random, which keeps runs apart. No strings are created.
/// </summary>
public sealed class UniqKeyGenerator
{
    public const int Length = 32;

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    private readonly byte[] _ipAndPid = new byte[12];
    private readonly uint _runHash = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
    private readonly long _monthStartMs;
    private long _counter;

    public UniqKeyGenerator()
    {
        Span<byte> prefix = stackalloc byte[6];
        prefix[0] = 127;
        prefix[3] = 1;
        BinaryPrimitives.WriteInt16BigEndian(prefix[4..], (short)Environment.ProcessId);
        WriteHex(prefix, _ipAndPid);
        var now = DateTimeOffset.Now;
        _monthStartMs = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, now.Offset).ToUnixTimeMilliseconds();
    }

    /// <summary>Writes the next key as 32 upper-case ASCII hex chars.</summary>
    public void WriteNext(Span<byte> destination, long nowMs)
    {
        var n = Interlocked.Increment(ref _counter);
        Span<byte> tail = stackalloc byte[10];
        BinaryPrimitives.WriteUInt32BigEndian(tail, _runHash ^ (uint)(n >> 16));
        BinaryPrimitives.WriteUInt32BigEndian(tail[4..], (uint)(nowMs - _monthStartMs));
        BinaryPrimitives.WriteUInt16BigEndian(tail[8..], (ushort)n);
        _ipAndPid.CopyTo(destination);
        WriteHex(tail, destination[_ipAndPid.Length..]);
    }

    private static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = Hex[bytes[i] >> 4];
            destination[2 * i + 1] = Hex[bytes[i] & 0xF];
        }
    }
}
