using System.Buffers.Binary;
using System.Text;
using EventBroker.Bench.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;

namespace EventBroker.Bench.Sending;

/// <summary>
/// A SEND_MESSAGE_V2 frame for one queue, encoded once by the protocol codec with placeholder values and then
/// patched per message: UNIQ_KEY and bornTimestamp have fixed widths and are overwritten in place, and the
/// opaque, the only variable-width field, sits between a fixed head and tail. Sending a message is therefore a
/// few memory copies into the connection's pooled buffer, with no command, dictionary or string behind it.
/// The header is JSON because that is what every real 4.x client sends.
/// </summary>
public sealed class SendFrameTemplate : IFrameSource
{
    private const string KeyPlaceholder = "ABABABABABABABABABABABABABABABAB";
    private const long BornPlaceholder = 1111111111111;
    private const int BornDigits = 13;
    private const int OpaquePlaceholder = 987654321;
    private const int PrefixLength = 8;

    private readonly byte[] _head;
    private readonly byte[] _tail;
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _keyAt;
    private readonly int _bornAt;
    private readonly UniqKeyGenerator _keys;

    private SendFrameTemplate(byte[] head, byte[] tail, ReadOnlyMemory<byte> body, int keyAt, int bornAt, UniqKeyGenerator keys)
    {
        _head = head;
        _tail = tail;
        _body = body;
        _keyAt = keyAt;
        _bornAt = bornAt;
        _keys = keys;
    }

    public static SendFrameTemplate Create(string topic, string producerGroup, int queueId, ReadOnlyMemory<byte> body, UniqKeyGenerator keys)
    {
        var command = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        command.Opaque = OpaquePlaceholder;
        // What DefaultMQProducer sends for a plain synchronous send.
        new SendMessageRequestHeader
        {
            ProducerGroup = producerGroup,
            Topic = topic,
            DefaultTopic = "TBW102",
            DefaultTopicQueueNums = 4,
            QueueId = queueId,
            SysFlag = 0,
            BornTimestamp = BornPlaceholder,
            Flag = 0,
            Properties = $"UNIQ_KEY\u0001{KeyPlaceholder}\u0002WAIT\u0001true",
            ReconsumeTimes = 0,
            UnitMode = false,
            Batch = false,
        }.EncodeTo(command, v2: true);

        // Encoded without the body: only the header is patched, the body is appended as is.
        var frame = RemotingCommandCodec.EncodeToArray(command);
        var keyAt = FindOnce(frame, KeyPlaceholder);
        var bornAt = FindOnce(frame, BornPlaceholder.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var opaqueField = "\"opaque\":" + OpaquePlaceholder.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var opaqueAt = FindOnce(frame, opaqueField) + opaqueField.Length - 9;
        var head = frame[..opaqueAt];
        var tail = frame[(opaqueAt + 9)..];
        if (keyAt >= opaqueAt || bornAt >= opaqueAt)
        {
            throw new InvalidOperationException("the codec wrote extFields after the opaque; the template cannot patch them");
        }
        return new SendFrameTemplate(head, tail, body, keyAt, bornAt, keys);
    }

    public int GetLength(int opaque) => _head.Length + DigitCount(opaque) + _tail.Length + _body.Length;

    public void Write(Span<byte> destination, int opaque)
    {
        _head.CopyTo(destination);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _keys.WriteNext(destination.Slice(_keyAt, UniqKeyGenerator.Length), nowMs);
        WriteFixedDecimal(nowMs, destination.Slice(_bornAt, BornDigits));

        var pos = _head.Length;
        opaque.TryFormat(destination[pos..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += digits;
        _tail.CopyTo(destination[pos..]);
        pos += _tail.Length;
        var headerLength = pos - PrefixLength;
        _body.Span.CopyTo(destination[pos..]);
        pos += _body.Length;

        BinaryPrimitives.WriteInt32BigEndian(destination, pos - 4);
        // High byte 0: JSON header.
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], headerLength);
    }

    private static int FindOnce(byte[] frame, string text)
    {
        var needle = Encoding.ASCII.GetBytes(text);
        var at = frame.AsSpan().IndexOf(needle);
        if (at < 0 || frame.AsSpan(at + 1).IndexOf(needle) >= 0)
        {
            throw new InvalidOperationException($"placeholder '{text}' must occur exactly once in the encoded send header");
        }
        return at;
    }

    private static void WriteFixedDecimal(long value, Span<byte> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static int DigitCount(int value)
    {
        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }
        return count;
    }
}
