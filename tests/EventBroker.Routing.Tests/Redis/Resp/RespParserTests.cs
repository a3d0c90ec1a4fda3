using System.Buffers;
using System.Text;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Literal RESP2 and RESP3 replies into typed values, whole, split at every point, and malformed.</summary>
public sealed class RespParserTests
{
    public static TheoryData<string> Samples => new()
    {
        "+OK\r\n",
        "-ERR unknown command 'FOO'\r\n",
        ":-42\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*2\r\n*1\r\n:1\r\n$1\r\na\r\n",
        "_\r\n",
        ",3.25\r\n",
        "#t\r\n",
        "(3492890328409238509324850943850943825024385\r\n",
        "=15\r\ntxt:Some string\r\n",
        "!21\r\nSYNTAX invalid syntax\r\n",
        "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n*2\r\n:2\r\n:3\r\n",
        "~2\r\n+a\r\n+b\r\n",
        ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$7\r\npayload\r\n",
        "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n*2\r\n:2039123\r\n:9543892\r\n",
    };

    private static RedisValue Parse(string resp)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(resp));
        Assert.True(RespParser.TryRead(ref buffer, out var value));
        Assert.True(buffer.IsEmpty, "the whole reply should be consumed");
        return value;
    }

    [Fact]
    public void Simple_string() => Assert.Equal((RespType.SimpleString, "OK"), (Parse("+OK\r\n").Type, Parse("+OK\r\n").AsString()));

    [Fact]
    public void Error_keeps_its_text()
    {
        var error = Parse("-WRONGTYPE Operation against a key\r\n");

        Assert.True(error.IsError);
        Assert.Equal("WRONGTYPE Operation against a key", error.AsString());
    }

    [Fact]
    public void Integers_negative_and_large()
    {
        Assert.Equal(-42, Parse(":-42\r\n").AsInt64());
        Assert.Equal(long.MaxValue, Parse($":{long.MaxValue}\r\n").AsInt64());
    }

    [Fact]
    public void Bulk_string_is_binary_safe()
    {
        var value = Parse("$6\r\na\r\nb\0c\r\n");

        Assert.Equal(RespType.BulkString, value.Type);
        Assert.Equal("a\r\nb\0c"u8.ToArray(), value.AsBytes());
    }

    [Fact]
    public void Empty_bulk_string_is_not_null()
    {
        var value = Parse("$0\r\n\r\n");

        Assert.False(value.IsNull);
        Assert.Equal("", value.AsString());
    }

    [Theory]
    [InlineData("$-1\r\n", RespType.BulkString)]
    [InlineData("*-1\r\n", RespType.Array)]
    [InlineData("_\r\n", RespType.Null)]
    public void RESP2_and_RESP3_nulls_are_null(string resp, RespType type)
    {
        var value = Parse(resp);

        Assert.True(value.IsNull);
        Assert.Equal(type, value.Type);
        Assert.Null(value.AsString());
        Assert.Null(value.AsNullableInt64());
        Assert.Empty(value.Items);
    }

    [Fact]
    public void Nested_arrays_keep_their_shape()
    {
        var value = Parse("*3\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n*0\r\n$-1\r\n");

        Assert.Equal(RespType.Array, value.Type);
        Assert.Equal(3, value.Items.Count);
        Assert.Equal(1, value.Items[0].Items[0].AsInt64());
        Assert.Equal("x", value.Items[0].Items[1].Items[0].AsString());
        Assert.Empty(value.Items[1].Items);
        Assert.True(value.Items[2].IsNull);
    }

    [Theory]
    [InlineData(",3.25\r\n", 3.25)]
    [InlineData(",-0.5\r\n", -0.5)]
    [InlineData(",1e10\r\n", 1e10)]
    [InlineData(",inf\r\n", double.PositiveInfinity)]
    [InlineData(",-inf\r\n", double.NegativeInfinity)]
    public void RESP3_doubles(string resp, double expected) => Assert.Equal(expected, Parse(resp).AsDouble());

    [Fact]
    public void RESP3_nan() => Assert.True(double.IsNaN(Parse(",nan\r\n").AsDouble()));

    [Fact]
    public void RESP2_double_as_bulk_string_reads_as_a_double()
    {
        Assert.Equal(1.5, Parse("$3\r\n1.5\r\n").AsDouble());
        Assert.Equal(double.PositiveInfinity, Parse("$4\r\n+inf\r\n").AsDouble());
    }

    [Fact]
    public void RESP3_booleans()
    {
        Assert.True(Parse("#t\r\n").AsBoolean());
        Assert.False(Parse("#f\r\n").AsBoolean());
        Assert.True(Parse(":1\r\n").AsBoolean());
    }

    [Fact]
    public void RESP3_big_number_keeps_its_digits()
    {
        var value = Parse("(3492890328409238509324850943850943825024385\r\n");

        Assert.Equal(RespType.BigNumber, value.Type);
        Assert.Equal("3492890328409238509324850943850943825024385", value.AsString());
    }

    [Fact]
    public void RESP3_verbatim_string_drops_its_format()
        => Assert.Equal((RespType.VerbatimString, "Some string"), (Parse("=15\r\ntxt:Some string\r\n").Type, Parse("=15\r\ntxt:Some string\r\n").AsString()));

    [Fact]
    public void RESP3_blob_error_is_an_error()
    {
        var value = Parse("!21\r\nSYNTAX invalid syntax\r\n");

        Assert.True(value.IsError);
        Assert.Equal("SYNTAX invalid syntax", value.AsString());
    }

    [Fact]
    public void RESP3_map_flattens_to_key_value_pairs()
    {
        var value = Parse("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n*2\r\n:2\r\n:3\r\n");

        Assert.Equal(RespType.Map, value.Type);
        Assert.Equal(4, value.Items.Count);
        Assert.Equal("first", value.Items[0].AsString());
        Assert.Equal(1, value.Items[1].AsInt64());
        Assert.Equal("second", value.Items[2].AsString());
        Assert.Equal([2L, 3L], value.Items[3].Items.Select(i => i.AsInt64()));
    }

    [Fact]
    public void RESP3_set_and_push_are_aggregates()
    {
        var set = Parse("~2\r\n+a\r\n+b\r\n");
        var push = Parse(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$7\r\npayload\r\n");

        Assert.Equal((RespType.Set, 2), (set.Type, set.Items.Count));
        Assert.Equal(RespType.Push, push.Type);
        Assert.Equal(["message", "ch", "payload"], push.Items.Select(i => i.AsString()));
    }

    [Fact]
    public void RESP3_attribute_is_skipped_and_the_reply_after_it_returned()
    {
        var value = Parse("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n*2\r\n:2039123\r\n:9543892\r\n");

        Assert.Equal(RespType.Array, value.Type);
        Assert.Equal([2039123L, 9543892L], value.Items.Select(i => i.AsInt64()));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Partial_reply_at_every_split_point_is_incomplete_and_leaves_the_buffer_unchanged(string resp)
    {
        var bytes = Encoding.UTF8.GetBytes(resp);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);

            Assert.False(RespParser.TryRead(ref buffer, out _), $"{length} of {bytes.Length} bytes should be incomplete");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reply_split_in_two_segments_at_every_point_parses_alike(string resp)
    {
        var bytes = Encoding.UTF8.GetBytes(resp);
        var expected = Parse(resp).ToString();
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = Segments.Split(bytes, cut);

            Assert.True(RespParser.TryRead(ref buffer, out var value));
            Assert.Equal(expected, value.ToString());
            Assert.True(buffer.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reply_in_one_byte_segments_parses_alike(string resp)
    {
        var buffer = Segments.OnePerByte(Encoding.UTF8.GetBytes(resp));

        Assert.True(RespParser.TryRead(ref buffer, out var value));
        Assert.Equal(Parse(resp).ToString(), value.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Resumed_scan_over_growing_input_finds_the_same_reply(string resp)
    {
        // The reader loop keeps its scan state between socket reads; each byte arriving alone is the worst case.
        var bytes = Encoding.UTF8.GetBytes(resp);
        var state = default(RespScanState);
        for (var length = 1; length <= bytes.Length; length++)
        {
            var buffer = Segments.OnePerByte(bytes[..length]);
            var complete = RespParser.TryRead(ref buffer, ref state, out var value);

            Assert.Equal(length == bytes.Length, complete);
            if (complete)
                Assert.Equal(Parse(resp).ToString(), value!.ToString());
        }
    }

    [Fact]
    public void Several_replies_in_one_buffer_are_read_one_at_a_time()
    {
        var buffer = new ReadOnlySequence<byte>("+OK\r\n:1\r\n$1\r\na\r\n:2"u8.ToArray());

        Assert.True(RespParser.TryRead(ref buffer, out var first));
        Assert.True(RespParser.TryRead(ref buffer, out var second));
        Assert.True(RespParser.TryRead(ref buffer, out var third));
        Assert.False(RespParser.TryRead(ref buffer, out _));

        Assert.Equal(["OK", "1", "a"], new[] { first, second, third }.Select(v => v.AsString()));
        Assert.Equal(":2"u8.ToArray(), buffer.ToArray());
    }

    [Theory]
    [InlineData("?what\r\n", "type byte")]
    [InlineData("+OK\n", "CRLF")]
    [InlineData("$5\r\nhello!!", "CRLF")]
    [InlineData(":12a\r\n", "integer")]
    [InlineData("$-2\r\n", "out of range")]
    [InlineData("%-1\r\n", "out of range")]
    [InlineData("$999999999999\r\n", "out of range")]
    [InlineData("$abc\r\n", "length")]
    [InlineData("*?\r\n", "Streamed")]
    [InlineData("#x\r\n", "boolean")]
    [InlineData(",pi\r\n", "double")]
    [InlineData("=3\r\ntxt\r\n", "verbatim")]
    public void Malformed_reply_throws_RedisProtocolException(string resp, string reason)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(resp));

        var ex = Assert.Throws<RedisProtocolException>(() => RespParser.TryRead(ref buffer, out _));
        Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var resp = string.Concat(Enumerable.Repeat("*1\r\n", RespParser.MaxDepth + 2)) + ":1\r\n";
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(resp));

        Assert.Throws<RedisProtocolException>(() => RespParser.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Line_without_a_newline_is_refused_once_longer_than_the_limit()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('x', RespScanner.MaxLineLength + 1)));

        Assert.Throws<RedisProtocolException>(() => RespParser.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Typed_reads_of_the_wrong_kind_say_what_came()
    {
        var ex = Assert.Throws<InvalidCastException>(() => Parse("+OK\r\n").AsInt64());

        Assert.Contains("\"OK\"", ex.Message, StringComparison.Ordinal);
    }
}
