using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

/// <summary>JSON headers as the non-Java clients write them, and what a tolerant reader must make of them.</summary>
public class JsonHeaderDialectTests
{
    [Fact]
    public void Decode_ali_ons_send_with_numbers_and_booleans_stringifies_them()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            """{"code":310,"language":"JAVA","version":121,"opaque":12,"flag":0,"extFields":{"a":"ons_group","b":"T","c":"TBW102","d":4,"e":0,"f":0,"g":1700000000000,"h":0,"i":"TAGS\u0001TagA\u0002","j":0,"k":false,"m":false}}""");

        Assert.Equal(310, command.Code);
        Assert.Equal(121, command.Version);
        Assert.Equal("4", command.GetExt("d"));
        Assert.Equal("0", command.GetExt("e"));
        Assert.Equal("1700000000000", command.GetExt("g"));
        Assert.Equal("false", command.GetExt("k"));
        Assert.Equal("TAGS\u0001TagA\u0002", command.GetExt("i"));

        var header = SendMessageRequestHeader.Decode(command);
        Assert.Equal("ons_group", header.ProducerGroup);
        Assert.Equal(4, header.DefaultTopicQueueNums);
        Assert.Equal(1700000000000, header.BornTimestamp);
        Assert.Equal(0, header.ReconsumeTimes);
        Assert.False(header.UnitMode);
        Assert.False(header.Batch);
    }

    [Fact]
    public void Decode_cpp_pull_with_mixed_numbers_and_strings_and_a_trailing_newline()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            "{\"code\":11,\"extFields\":{\"commitOffset\":\"0\",\"consumerGroup\":\"cpp_group\",\"maxMsgNums\":32,\"queueId\":0," +
            "\"queueOffset\":\"0\",\"subVersion\":\"1700000000000\",\"subscription\":\"*\",\"suspendTimeoutMillis\":\"15000\"," +
            "\"sysFlag\":6,\"topic\":\"T\"},\"flag\":0,\"language\":\"CPP\",\"opaque\":3,\"remark\":\"\",\"version\":333}\n");

        Assert.Equal(LanguageCode.CPP, command.Language);
        Assert.Equal("", command.Remark);
        var header = PullMessageRequestHeader.Decode(command);
        Assert.Equal(32, header.MaxMsgNums);
        Assert.Equal(6, header.SysFlag);
        Assert.Equal(15000, header.SuspendTimeoutMillis);
        Assert.Equal("*", header.Subscription);
        Assert.Null(header.ExpressionType);
    }

    [Fact]
    public void Decode_numeric_fields_given_as_strings()
    {
        using var command = FrameBytes.DecodeJsonHeader("""{"code":"105","opaque":"-7","flag":"2","version":"401"}""");

        Assert.Equal(105, command.Code);
        Assert.Equal(-7, command.Opaque);
        Assert.True(command.IsOneway);
        Assert.Equal(401, command.Version);
        Assert.Null(command.ExtFields);
    }

    [Theory]
    [InlineData("\"GO\"", LanguageCode.GO)]
    [InlineData("\"DOTNET\"", LanguageCode.DOTNET)]
    [InlineData("\"java\"", LanguageCode.JAVA)]
    [InlineData("\"NODE\"", LanguageCode.OTHER)]
    [InlineData("\"\"", LanguageCode.OTHER)]
    [InlineData("\"\\u0043PP\"", LanguageCode.CPP)]
    [InlineData("9", LanguageCode.GO)]
    [InlineData("99", LanguageCode.OTHER)]
    [InlineData("null", LanguageCode.JAVA)]
    public void Decode_language_as_name_or_ordinal(string json, LanguageCode expected)
    {
        using var command = FrameBytes.DecodeJsonHeader($$"""{"code":1,"language":{{json}}}""");

        Assert.Equal(expected, command.Language);
    }

    [Fact]
    public void Decode_ext_values_keep_the_text_java_would_hold()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            """{"extFields":{"n":-1.50e3,"t":true,"f":false,"gone":null,"s":"a\"b\\c\n\u00e9","o":{"x":[1,2]},"arr":[1,"2"],"":"empty"}}""");

        Assert.Equal("-1.50e3", command.GetExt("n"));
        Assert.Equal("true", command.GetExt("t"));
        Assert.Equal("false", command.GetExt("f"));
        Assert.False(command.ExtFields!.ContainsKey("gone"));
        Assert.Equal("a\"b\\c\né", command.GetExt("s"));
        Assert.Equal("""{"x":[1,2]}""", command.GetExt("o"));
        Assert.Equal("""[1,"2"]""", command.GetExt("arr"));
        Assert.Equal("empty", command.GetExt(""));
    }

    [Fact]
    public void Decode_ignores_unknown_fields_and_serializeTypeCurrentRPC()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            """{"code":34,"serializeTypeCurrentRPC":"ROCKETMQ","future":{"nested":[{"a":1}]},"oneway":true,"opaque":9}""");

        Assert.Equal(34, command.Code);
        Assert.Equal(9, command.Opaque);
        Assert.Equal(SerializeType.Json, command.SerializeType);
    }

    [Fact]
    public void Decode_null_remark_and_ext_fields_are_null()
    {
        using var command = FrameBytes.DecodeJsonHeader("""{"code":1,"remark":null,"extFields":null}""");

        Assert.Null(command.Remark);
        Assert.Null(command.ExtFields);
    }

    [Fact]
    public void Decode_non_ascii_text_and_escaped_keys()
    {
        using var command = FrameBytes.DecodeJsonHeader("""{"remark":"主题不存在 \ud83d\ude00","extFields":{"\u0074opic":"话题"}}""");

        Assert.Equal("主题不存在 😀", command.Remark);
        Assert.Equal("话题", command.GetExt("topic"));
    }

    [Fact]
    public void Decode_json_header_with_body_copies_the_body()
    {
        var bytes = FrameBytes.Build(SerializeType.Json, """{"code":34}"""u8, """{"clientID":"x"}"""u8);
        using var command = FrameBytes.Decode(SequenceFactory.OneBytePerSegment(bytes));

        Array.Clear(bytes);

        Assert.Equal("""{"clientID":"x"}"""u8.ToArray(), command.Body.ToArray());
    }

    [Theory]
    [InlineData("", "the header is not valid JSON: ")]
    [InlineData("[1,2]", "the header is not valid JSON: it is not a JSON object")]
    [InlineData("{\"code\":105", "the header is not valid JSON: ")]
    [InlineData("{\"code\":1.5}", "the header is not valid JSON: 'code' is not an integer: 1.5")]
    [InlineData("{\"code\":\"abc\"}", "the header is not valid JSON: 'code' is not an integer: abc")]
    [InlineData("{\"opaque\":2147483648}", "the header is not valid JSON: 'opaque' is not an integer: 2147483648")]
    [InlineData("{\"flag\":true}", "the header is not valid JSON: 'flag' is not an integer: true")]
    [InlineData("{\"extFields\":\"topic=T\"}", "the header is not valid JSON: 'extFields' is not an object: topic=T")]
    [InlineData("{\"language\":[]}", "the header is not valid JSON: 'language' is neither a name nor an ordinal: StartArray")]
    [InlineData("GET / HTTP/1.1", "the header is not valid JSON: ")]
    public void Decode_malformed_json_throws_a_precise_protocol_error(string json, string messagePrefix)
    {
        var error = Assert.Throws<RemotingProtocolException>(() => FrameBytes.DecodeJsonHeader(json));

        Assert.StartsWith(messagePrefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_bad_header_throws_with_the_json_error_inside()
    {
        var bytes = FrameBytes.Build(SerializeType.Json, "{oops"u8, new byte[100]);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame));

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingCommandCodec.Decode(frame));

        Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false);
    }
}
