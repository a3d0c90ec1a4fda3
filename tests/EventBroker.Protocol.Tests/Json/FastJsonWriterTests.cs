using System.Buffers;
using System.Text;
using EventBroker.Protocol.Json;

// Not ...Tests.Json: Frames tests refer to EventBroker.Protocol.Json types as "Json.X", which that namespace would shadow.
namespace EventBroker.Protocol.Tests.JsonCodec;

public sealed class FastJsonWriterTests
{
    private static string Write(Action<FastJsonWriter> write, bool standard = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new FastJsonWriter(buffer, FastJsonOptions.For(standard)));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string String(string value, bool standard = false) => Write(w => w.WriteString(value), standard);

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"b\\s/", "\"q\\\"b\\\\s/\"")]
    [InlineData("\b\t\n\f\r", "\"\\b\\t\\n\\f\\r\"")]
    [InlineData("\u0000\u0001\u0007\u000B\u001F", "\"\\u0000\\u0001\\u0007\\u000B\\u001F\"")]
    [InlineData("\u007F\u0085\u009F", "\"\\u007F\\u0085\\u009F\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("\u00A0é中", "\"\u00A0é中\"")]
    public void WriteString_default_escapes_as_fastjson(string value, string expected) =>
        Assert.Equal(expected, String(value));

    [Fact]
    public void WriteString_default_writes_utf8_and_replaces_lone_surrogates_like_java()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new FastJsonWriter(buffer).WriteString("😀\uD800x");
        Assert.Equal([(byte)'"', 0xF0, 0x9F, 0x98, 0x80, (byte)'?', (byte)'x', (byte)'"'], buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("a/b", "\"a\\/b\"")]
    [InlineData("é😀", "\"\\u00E9\\uD83D\\uDE00\"")]
    [InlineData("\u0001\u007F\n", "\"\\u0001\\u007F\\n\"")]
    public void WriteString_standard_escapes_as_browser_compatible(string value, string expected) =>
        Assert.Equal(expected, String(value, standard: true));

    [Fact]
    public void WriteString_handles_text_longer_than_one_chunk()
    {
        var text = new string('é', 5000) + "\"" + new string('a', 3000);
        var json = String(text);
        Assert.Equal("\"" + new string('é', 5000) + "\\\"" + new string('a', 3000) + "\"", json);
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(42.0, "42.0")]
    [InlineData(-3.25, "-3.25")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(0.00012345, "1.2345E-4")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(10000000.0, "1.0E7")]
    [InlineData(12345678.9, "1.23456789E7")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e21, "1.0E21")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.Epsilon, "4.9E-324")]
    public void WriteNumber_double_prints_like_java(double value, string expected) =>
        Assert.Equal(expected, Write(w => w.WriteNumber(value)));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void WriteNumber_non_finite_double_is_null(double value) =>
        Assert.Equal("null", Write(w => w.WriteNumber(value)));

    [Fact]
    public void Number_keys_are_unquoted_by_default_and_quoted_in_standard_json()
    {
        static void Map(FastJsonWriter w)
        {
            w.WriteStartObject();
            w.WriteNumber(0);
            w.WriteString("a");
            w.WriteNumber(1L);
            w.WriteStartArray();
            w.WriteNumber(7);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        Assert.Equal("{0:\"a\",1:[7]}", Write(Map));
        Assert.Equal("{\"0\":\"a\",\"1\":[7]}", Write(Map, standard: true));
    }

    [Fact]
    public void An_object_can_be_a_map_key()
    {
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject();
            w.WriteProperty("queueId", 0);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteProperty("maxOffset", 42L);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteProperty("queueId", 1);
            w.WriteEndObject();
            w.WriteNull();
            w.WriteEndObject();
        });
        Assert.Equal("{{\"queueId\":0}:{\"maxOffset\":42},{\"queueId\":1}:null}", json);
    }

    [Fact]
    public void Longs_beyond_2_pow_53_are_quoted_only_in_standard_json()
    {
        Assert.Equal("[9007199254740992,9007199254740991]", Write(w => w.WriteList([9007199254740992L, 9007199254740991L], static (x, v) => x.WriteNumber(v))));
        Assert.Equal(
            "[\"9007199254740992\",9007199254740991,\"-9223372036854775808\"]",
            Write(w => w.WriteList([9007199254740992L, 9007199254740991L, long.MinValue], static (x, v) => x.WriteNumber(v)), standard: true));
    }

    [Fact]
    public void WriteProperty_omits_null_strings()
    {
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteProperty("a", (string?)null);
            w.WriteProperty("b", true);
            w.WriteProperty("c", (string?)null);
            w.WriteEndObject();
        });
        Assert.Equal("{\"b\":true}", json);
    }

    [Fact]
    public void WriteEnum_writes_the_name()
    {
        Assert.Equal("\"CLUSTERING\"", Write(w => w.WriteEnum(Protocol.Bodies.MessageModel.CLUSTERING)));
        Assert.Equal("7", Write(w => w.WriteEnum((Protocol.Bodies.MessageModel)7)));
    }

    [Fact]
    public void WriteMap_orders_like_java_hashmap_by_default_and_sorts_in_standard_json()
    {
        var map = new Dictionary<string, int> { ["brokerVersion"] = 1, ["b"] = 2, ["msgPutTotalTodayNow"] = 3 };
        Assert.Equal(
            "{\"msgPutTotalTodayNow\":3,\"b\":2,\"brokerVersion\":1}",
            Write(w => w.WriteMap(map, static (x, v) => x.WriteNumber(v), JavaMapShape.HashMap)));
        Assert.Equal(
            "{\"b\":2,\"brokerVersion\":1,\"msgPutTotalTodayNow\":3}",
            Write(w => w.WriteMap(map, static (x, v) => x.WriteNumber(v), JavaMapShape.HashMap), standard: true));
    }

    [Fact]
    public void Misuse_throws_InvalidOperationException()
    {
        var writer = new FastJsonWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(writer.WriteEndObject);
        writer.WriteStartArray();
        Assert.Throws<InvalidOperationException>(() => writer.WritePropertyName("x"));
        Assert.Throws<InvalidOperationException>(writer.WriteEndObject);
        writer.WriteEndArray();
        Assert.Throws<InvalidOperationException>(() => writer.WriteNumber(1));

        var dangling = new FastJsonWriter(new ArrayBufferWriter<byte>());
        dangling.WriteStartObject();
        dangling.WritePropertyName("k");
        Assert.Throws<InvalidOperationException>(dangling.WriteEndObject);
    }
}
