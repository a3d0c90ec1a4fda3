using System.Text;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

/// <summary>JSON headers must match fastjson 1.2.69's text exactly, escapes included.</summary>
public class FastjsonEscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("q\"b\\s/", "q\\\"b\\\\s/")]
    [InlineData("\b\t\n\f\r", "\\b\\t\\n\\f\\r")]
    [InlineData("\u0000\u0007\u000b\u000e\u001f", "\\u0000\\u0007\\u000B\\u000E\\u001F")]
    [InlineData("\u007f\u0080\u009f\u00a0", "\\u007F\\u0080\\u009F\u00a0")]
    [InlineData("\u2027\u2028\u2029\u202a", "\u2027\\u2028\\u2029\u202a")]
    [InlineData("主题 😀 é", "主题 😀 é")]
    [InlineData("TAGS\u0001TagA\u0002KEYS\u0001k", "TAGS\\u0001TagA\\u0002KEYS\\u0001k")]
    public void Encode_remark_is_escaped_like_fastjson(string remark, string expectedJsonText)
    {
        using var command = new RemotingCommand { Code = 1, Remark = remark };

        var header = HeaderText(command);

        Assert.Equal(
            $$"""{"code":1,"flag":0,"language":"JAVA","opaque":0,"remark":"{{expectedJsonText}}","serializeTypeCurrentRPC":"JSON","version":0}""",
            header);
    }

    [Fact]
    public void Encode_escapes_keys_as_well_as_values()
    {
        using var command = new RemotingCommand { Code = 1 };
        command.AddExt("k\"1", "v\n");

        Assert.Contains("""
            "extFields":{"k\"1":"v\n"}
            """, HeaderText(command), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_empty_ext_map_is_written_and_a_null_one_left_out()
    {
        using var empty = new RemotingCommand { ExtFields = [] };
        using var none = new RemotingCommand();

        Assert.Equal("""{"code":0,"extFields":{},"flag":0,"language":"JAVA","opaque":0,"serializeTypeCurrentRPC":"JSON","version":0}""", HeaderText(empty));
        Assert.Equal("""{"code":0,"flag":0,"language":"JAVA","opaque":0,"serializeTypeCurrentRPC":"JSON","version":0}""", HeaderText(none));
    }

    [Fact]
    public void Encode_negative_numbers_and_other_languages()
    {
        using var command = new RemotingCommand { Code = -1, Language = LanguageCode.DOTNET, Opaque = int.MinValue, Flag = 3, Version = 401 };

        Assert.Equal(
            """{"code":-1,"flag":3,"language":"DOTNET","opaque":-2147483648,"serializeTypeCurrentRPC":"JSON","version":401}""",
            HeaderText(command));
    }

    [Fact]
    public void Encode_ext_fields_in_java_hashmap_order()
    {
        // A pull response: Java's HashMap puts these four keys in this order whatever the insertion order.
        using var command = new RemotingCommand { Code = 0 };
        command.AddExt("maxOffset", "10").AddExt("minOffset", "0").AddExt("nextBeginOffset", "10").AddExt("suggestWhichBrokerId", "0");
        var expected = Json.JavaHashMapOrder.Order(command.ExtFields!).Select(kv => kv.Key).ToArray();

        using var decoded = FrameBytes.Decode(RemotingCommandCodec.EncodeToArray(command));

        Assert.Equal(expected, decoded.ExtFields!.Keys.ToArray());
    }

    [Fact]
    public void Encode_many_ext_fields_in_java_hashmap_order_past_the_first_resize()
    {
        using var command = new RemotingCommand();
        for (var i = 0; i < 100; i++)
        {
            command.AddExt("key" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var expected = Json.JavaHashMapOrder.Order(command.ExtFields!).Select(kv => kv.Key).ToArray();

        using var decoded = FrameBytes.Decode(RemotingCommandCodec.EncodeToArray(command));

        Assert.Equal(expected, decoded.ExtFields!.Keys.ToArray());
    }

    private static string HeaderText(RemotingCommand command) =>
        Encoding.UTF8.GetString(RemotingCommandCodec.EncodeToArray(command).AsSpan(8));
}
