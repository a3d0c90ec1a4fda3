using System.Text;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

public class RoundTripTests
{
    // Characters chosen to hit every escaping branch and every UTF-8 width.
    private static readonly string Alphabet =
        "abcXYZ019 _-:%|\"\\/\b\t\n\f\r\u0000\u0001\u000b\u001f\u007f\u0085\u009f\u00a0é中\u2028\u2029😀";

    public static IEnumerable<object[]> Seeds() =>
        Enumerable.Range(1, 200).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_commands_survive_encode_and_decode_in_both_serialize_types(int seed)
    {
        var random = new Random(seed);
        foreach (var type in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            using var command = RandomCommand(random, type);
            var bytes = RemotingCommandCodec.EncodeToArray(command);
            Assert.Equal(bytes.Length, RemotingCommandCodec.GetEncodedLength(command));

            using var decoded = FrameBytes.Decode(SequenceFactory.Split(bytes, random.Next(1, bytes.Length)));

            var expected = Expected(command);
            CommandAssert.Equal(expected, decoded);
            if (expected.ExtFields?.Count == command.ExtFields?.Count)
            {
                // Re-encoding what was decoded gives the same bytes: decoding keeps the wire order, which
                // re-sorting by HashMap bucket leaves as it is.
                Assert.Equal(bytes, RemotingCommandCodec.EncodeToArray(decoded));
            }
        }
    }

    [Fact]
    public void Encode_to_a_buffer_writer_with_small_segments_writes_the_same_bytes()
    {
        using var command = RandomCommand(new Random(7), SerializeType.Json);
        command.Body = Encoding.UTF8.GetBytes(new string('x', 100_000));
        var writer = new ChunkedBufferWriter(512);

        RemotingCommandCodec.Encode(command, writer);

        Assert.Equal(RemotingCommandCodec.EncodeToArray(command), writer.WrittenBytes);
        Assert.True(writer.SpansHandedOut > 100);
    }

    [Fact]
    public void Decode_body_is_rented_and_survives_the_source_being_overwritten()
    {
        var body = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        using var original = new RemotingCommand { Code = 10, Body = body, SerializeType = SerializeType.RocketMq };
        var bytes = RemotingCommandCodec.EncodeToArray(original);

        var decoded = FrameBytes.Decode(bytes);
        Array.Clear(bytes);

        Assert.Equal(body, decoded.Body.ToArray());
        decoded.Dispose();
        Assert.True(decoded.Body.IsEmpty);
    }

    /// <summary>What decoding yields: ROCKETMQ cannot carry "" (read as null), so those fields vanish there.</summary>
    private static RemotingCommand Expected(RemotingCommand sent)
    {
        if (sent.SerializeType == SerializeType.Json)
        {
            return sent;
        }

        var kept = sent.ExtFields?.Where(kv => kv.Key.Length > 0 && kv.Value.Length > 0).ToDictionary();
        return new RemotingCommand
        {
            Code = (short)sent.Code,
            Language = sent.Language,
            Version = (short)sent.Version,
            Opaque = sent.Opaque,
            Flag = sent.Flag,
            Remark = string.IsNullOrEmpty(sent.Remark) ? null : sent.Remark,
            ExtFields = kept is { Count: > 0 } ? kept : null,
            Body = sent.Body,
            SerializeType = sent.SerializeType,
        };
    }

    private static RemotingCommand RandomCommand(Random random, SerializeType type)
    {
        var command = new RemotingCommand
        {
            Code = type == SerializeType.Json ? random.Next(int.MinValue, int.MaxValue) : random.Next(short.MinValue, short.MaxValue),
            Language = (LanguageCode)random.Next(0, 13),
            Version = type == SerializeType.Json ? random.Next() : random.Next(0, short.MaxValue),
            Opaque = random.Next(int.MinValue, int.MaxValue),
            Flag = random.Next(0, 4),
            Remark = random.Next(3) == 0 ? null : RandomText(random),
            SerializeType = type,
        };

        var extCount = random.Next(-1, 20);
        if (extCount >= 0)
        {
            command.ExtFields = [];
            for (var i = 0; i < extCount; i++)
            {
                command.ExtFields[RandomText(random)] = RandomText(random);
            }
        }

        if (random.Next(2) == 0)
        {
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            command.Body = body;
        }

        return command;
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            var index = random.Next(Alphabet.Length);
            // Never split the surrogate pair at the end of the alphabet.
            if (char.IsLowSurrogate(Alphabet[index]))
            {
                index--;
            }

            builder.Append(Alphabet[index]);
            if (char.IsHighSurrogate(Alphabet[index]))
            {
                builder.Append(Alphabet[index + 1]);
            }
        }

        return builder.ToString();
    }
}
