using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EventBroker.Protocol.Messages;

/// <summary>
/// Generates UNIQ_KEY message ids the way the Java client's MessageClientIDSetter does: hex of client IP
/// (4 or 16 bytes) + pid (int16) + a per-process hash (int32) + milliseconds since the start of the current
/// month (int32) + a counter (int16). Brokers and consoles decode the IP and the time from it.
/// </summary>
public sealed class UniqueKeyGenerator
{
    private static readonly Lazy<UniqueKeyGenerator> SharedInstance = new(CreateForThisProcess);

    // Hex of the fixed prefix: IP + pid + hash.
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly Lock _monthLock = new();
    private int _counter;
    private long _monthStart;
    private long _nextMonthStart;

    /// <param name="clientIp">4 (IPv4) or 16 (IPv6) address bytes.</param>
    /// <param name="zone">Whose month the timestamp counts from; Java uses the JVM's default zone.</param>
    public UniqueKeyGenerator(ReadOnlySpan<byte> clientIp, short pid, int hash, TimeProvider? time = null, TimeZoneInfo? zone = null)
    {
        if (clientIp.Length is not (4 or 16))
        {
            throw new ArgumentException("A client IP is 4 or 16 bytes.", nameof(clientIp));
        }
        Span<byte> prefix = stackalloc byte[16 + 2 + 4];
        clientIp.CopyTo(prefix);
        BinaryPrimitives.WriteInt16BigEndian(prefix[clientIp.Length..], pid);
        BinaryPrimitives.WriteInt32BigEndian(prefix[(clientIp.Length + 2)..], hash);
        _prefix = Convert.ToHexString(prefix[..(clientIp.Length + 6)]);
        _time = time ?? TimeProvider.System;
        _zone = zone ?? TimeZoneInfo.Local;
        SetMonth(_time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>This process's generator: its own IP, pid and a random hash (Java uses the class loader's).</summary>
    public static UniqueKeyGenerator Shared => SharedInstance.Value;

    /// <summary>32 hex chars (IPv4 client) or 56 (IPv6 client), upper case.</summary>
    public string Create()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long monthStart;
        lock (_monthLock)
        {
            if (now >= _nextMonthStart)
            {
                SetMonth(now);
            }
            monthStart = _monthStart;
        }
        var diff = unchecked((int)(now - monthStart));
        if (diff is < 0 and > -1_000_000)
        {
            // A clock stepped back across the month start (NTP): Java clamps to 0.
            diff = 0;
        }
        var counter = unchecked((short)(Interlocked.Increment(ref _counter) - 1));
        return string.Create(_prefix.Length + 12, (_prefix, diff, counter), static (chars, state) =>
        {
            state._prefix.CopyTo(chars);
            Span<byte> tail = stackalloc byte[6];
            BinaryPrimitives.WriteInt32BigEndian(tail, state.diff);
            BinaryPrimitives.WriteInt16BigEndian(tail[4..], state.counter);
            Convert.TryToHexString(tail, chars[state._prefix.Length..], out _);
        });
    }

    private void SetMonth(long nowMillis)
    {
        var start = UniqueKey.StartOfMonth(DateTimeOffset.FromUnixTimeMilliseconds(nowMillis), _zone);
        _monthStart = start.ToUnixTimeMilliseconds();
        _nextMonthStart = UniqueKey.StartOfMonth(start.AddDays(32), _zone).ToUnixTimeMilliseconds();
    }

    private static UniqueKeyGenerator CreateForThisProcess() =>
        new(LocalAddress(), unchecked((short)Environment.ProcessId), Random.Shared.Next(int.MinValue, int.MaxValue));

    /// <summary>
    /// UtilAll.getIP's preference: a public IPv4 or IPv6 address, else a private IPv4 one, else (no network)
    /// four bytes of the clock as Java's createFakeIP does.
    /// </summary>
    private static byte[] LocalAddress()
    {
        byte[]? privateV4 = null;
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
                    {
                        continue;
                    }
                    var bytes = address.GetAddressBytes();
                    if (address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        if (bytes[0] == 0 || bytes[0] >= 224 || (bytes[0] == 169 && bytes[1] == 254))
                        {
                            continue;
                        }
                        if (!IsPrivateV4(bytes))
                        {
                            return bytes;
                        }
                        privateV4 ??= bytes;
                    }
                    else if (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6UniqueLocal && !address.IsIPv4MappedToIPv6)
                    {
                        return bytes;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information (sandboxed hosts): fall through to the fake IP.
        }
        if (privateV4 is not null)
        {
            return privateV4;
        }
        var fake = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(fake, unchecked((int)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return fake;
    }

    private static bool IsPrivateV4(byte[] ip) =>
        ip[0] == 10 || (ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31) || (ip[0] == 192 && ip[1] == 168);
}
