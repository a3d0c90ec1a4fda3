using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class BatchMessageTests
{
    private static byte[] Batch(params (int Flag, string Body, string Properties)[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var (flag, body, properties) in messages)
        {
            BatchMessageWriter.Write(buffer, flag, Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetBytes(properties));
        }
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Write_lays_out_an_entry_as_MessageDecoder_encodeMessage()
    {
        var entry = Batch((5, "hi", "K\u0001V"));
        byte[] expected =
        [
            0, 0, 0, 0,             // TOTALSIZE, set below to the array's length
            0, 0, 0, 0,             // MAGIC
            0, 0, 0, 0,             // BODYCRC
            0, 0, 0, 5,             // FLAG
            0, 0, 0, 2, (byte)'h', (byte)'i',
            0, 3, (byte)'K', 1, (byte)'V',
        ];
        BinaryPrimitives.WriteInt32BigEndian(expected, expected.Length);
        Assert.Equal(expected, entry);
    }

    [Fact]
    public void Reader_iterates_entries_with_foreach_and_TryReadNext()
    {
        var body = Batch((1, "a", "UNIQ_KEY\u0001X"), (2, "", ""), (3, "ccc", "TAGS\u0001T"));

        var seen = new List<string>();
        foreach (var message in new BatchMessageReader(body))
        {
            seen.Add($"{message.Offset}:{message.Flag}:{Encoding.UTF8.GetString(message.Body)}:{Encoding.UTF8.GetString(message.Properties)}");
        }
        Assert.Equal(["0:1:a:UNIQ_KEY\u0001X", "33:2::", "55:3:ccc:TAGS\u0001T"], seen);

        var reader = new BatchMessageReader(body);
        var count = 0;
        while (reader.TryReadNext(out var message))
        {
            count++;
            Assert.Equal(message.Offset + message.Length, reader.Offset);
        }
        Assert.Equal(3, count);
        Assert.Equal(body.Length, reader.Offset);
    }

    [Fact]
    public void Reader_of_an_empty_body_yields_nothing()
    {
        var reader = new BatchMessageReader([]);
        Assert.False(reader.TryReadNext(out _));
    }

    [Fact]
    public void Reader_names_the_offset_of_a_truncated_entry()
    {
        var body = Batch((1, "a", "k\u0001v"), (2, "b", ""));
        var error = ReadAllExpectingError(body.AsSpan(0, body.Length - 3).ToArray());
        Assert.Contains("offset 26", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_rejects_a_body_length_past_the_end()
    {
        var body = Batch((1, "abc", ""));
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(16), 1000);
        Assert.Contains("body length 1000", ReadAllExpectingError(body).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_rejects_a_negative_properties_length()
    {
        var body = Batch((1, "abc", "k\u0001v"));
        BinaryPrimitives.WriteInt16BigEndian(body.AsSpan(23), -1);
        Assert.Contains("properties length -1", ReadAllExpectingError(body).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_rejects_a_total_size_that_disagrees_with_the_parts()
    {
        var body = Batch((1, "abc", ""), (1, "d", ""));
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(25), 99);
        var error = ReadAllExpectingError(body);
        Assert.Contains("offset 25", error.Message, StringComparison.Ordinal);
        Assert.Contains("TOTALSIZE 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_rejects_oversized_properties_and_small_destinations()
    {
        Assert.Throws<ArgumentException>(() => BatchMessageWriter.Write(new byte[40000], 0, [], new byte[32768]));
        Assert.Throws<ArgumentException>(() => BatchMessageWriter.Write(new byte[21], 0, [], []));
    }

    private static FormatException ReadAllExpectingError(byte[] body)
    {
        try
        {
            foreach (var message in new BatchMessageReader(body))
            {
                _ = message.Length;
            }
        }
        catch (FormatException error)
        {
            return error;
        }
        throw new Xunit.Sdk.XunitException("Expected a FormatException.");
    }
}
