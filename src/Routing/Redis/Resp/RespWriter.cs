using System.Globalization;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Encodes a command the way every Redis client sends one: an array of bulk strings.
/// <code>
/// *&lt;count&gt;\r\n  then per part:  $&lt;length&gt;\r\n&lt;bytes&gt;\r\n
/// </code>
/// The command is encoded into its own array when it is issued, so arguments are copied before the caller's
/// buffers can change, and the writer loop only copies finished bytes.
/// </summary>
public static class RespWriter
{
    public static byte[] Encode(string command, ReadOnlySpan<RedisArg> args)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        RedisArg name = command;
        var length = HeaderLength(args.Length + 1) + PartLength(name);
        foreach (var arg in args)
            length += PartLength(arg);

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        var at = WriteHeader(span, '*', args.Length + 1);
        at += WritePart(span[at..], name);
        foreach (var arg in args)
            at += WritePart(span[at..], arg);
        return buffer;
    }

    private static int PartLength(RedisArg arg)
    {
        var count = arg.ByteCount;
        return HeaderLength(count) + count + 2;
    }

    private static int HeaderLength(int count) => 1 + DigitCount(count) + 2;

    private static int WritePart(Span<byte> destination, RedisArg arg)
    {
        var at = WriteHeader(destination, '$', arg.ByteCount);
        at += arg.CopyTo(destination[at..]);
        destination[at++] = (byte)'\r';
        destination[at++] = (byte)'\n';
        return at;
    }

    private static int WriteHeader(Span<byte> destination, char type, int count)
    {
        destination[0] = (byte)type;
        count.TryFormat(destination[1..], out var digits, provider: CultureInfo.InvariantCulture);
        destination[1 + digits] = (byte)'\r';
        destination[2 + digits] = (byte)'\n';
        return 3 + digits;
    }

    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
