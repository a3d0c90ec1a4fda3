using System.Text;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Json;

// Not ...Tests.Json: Frames tests refer to EventBroker.Protocol.Json types as "Json.X", which that namespace would shadow.
namespace EventBroker.Protocol.Tests.JsonCodec;

public sealed class FastJsonReaderTests
{
    private static FastJsonNode Parse(string json) => FastJsonReader.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_reads_unquoted_integer_keys()
    {
        var node = Parse("{0:\"a\",1:\"b\", -1 : \"c\"}");
        Assert.Equal(FastJsonKind.Number, node.Members[0].Key.Kind);
        Assert.Equal(0, node.Members[0].Key.GetInt64());
        Assert.Equal("b", node["1"]!.GetString());
        Assert.Equal(-1, node.Members[2].Key.GetInt32());
    }

    [Fact]
    public void Parse_reads_identifier_keys()
    {
        var node = Parse("{topic:'T', queue_id:3, $x:true, 1abc:null}");
        Assert.Equal("T", node["topic"]!.GetString());
        Assert.Equal(3, node["queue_id"]!.GetInt32());
        Assert.True(node["$x"]!.GetBoolean());
        Assert.True(node["1abc"]!.IsNull);
    }

    [Fact]
    public void Parse_reads_object_valued_keys()
    {
        var node = Parse("{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}:{\"maxOffset\":42}}}");
        var member = Assert.Single(node["offsetTable"]!.Members);
        Assert.Equal(FastJsonKind.Object, member.Key.Kind);
        Assert.Equal("T", member.Key["topic"]!.GetString());
        Assert.Equal(42, member.Value["maxOffset"]!.GetInt64());
        Assert.Equal("{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}", member.Name);
    }

    [Fact]
    public void Parse_reads_single_quoted_strings_and_fastjson_escapes()
    {
        var node = Parse("['it\\'s', \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\", '\\u00e9\\u4E2D\\x41\\v\\0', \"é中😀\", 'a\"b']");
        Assert.Equal("it's", node[0].GetString());
        Assert.Equal("q\"\\/\b\f\n\r\t", node[1].GetString());
        Assert.Equal("é中A\v\0", node[2].GetString());
        Assert.Equal("é中😀", node[3].GetString());
        Assert.Equal("a\"b", node[4].GetString());
    }

    [Fact]
    public void Parse_reads_numbers_literals_and_java_suffixes()
    {
        var node = Parse("[0, -12, 1.5, 2e3, -1.25E-2, 7L, true, false, null, undefined]");
        Assert.Equal(0, node[0].GetInt64());
        Assert.Equal(-12, node[1].GetInt32());
        Assert.Equal(1.5, node[2].GetDouble());
        Assert.Equal(2000, node[3].GetInt64());
        Assert.Equal(-0.0125, node[4].GetDouble());
        Assert.Equal(7, node[5].GetInt64());
        Assert.True(node[6].GetBoolean());
        Assert.False(node[7].GetBoolean());
        Assert.True(node[8].IsNull);
        Assert.True(node[9].IsNull);
    }

    [Fact]
    public void Parse_tolerates_whitespace_bom_and_stray_commas()
    {
        var json = "\uFEFF \r\n{ ,\"a\" : [1, 2, ] , \"b\":{},\t}\n";
        var node = Parse(json);
        Assert.Equal(2, node["a"]!.Items.Count);
        Assert.Empty(node["b"]!.Members);
    }

    [Fact]
    public void Parse_reads_nested_structures()
    {
        var node = Parse("{\"a\":[{\"b\":[[],[{}],{c:{d:[1]}}]}]}");
        Assert.Equal(1, node["a"]![0]["b"]![2]["c"]!["d"]![0].GetInt32());
    }

    [Theory]
    [InlineData("", 0, "unexpected end of input")]
    [InlineData("{\"a\":1", 6, "unterminated object")]
    [InlineData("{\"a\" 1}", 5, "expected ':'")]
    [InlineData("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'")]
    [InlineData("[1 2]", 3, "expected ',' or ']'")]
    [InlineData("[1,", 3, "unterminated array")]
    [InlineData("\"abc", 1, "unterminated string")]
    [InlineData("\"a\\qb\"", 3, "invalid escape")]
    [InlineData("\"\\u12G4\"", 3, "expected 4 hex digits")]
    [InlineData("{} x", 3, "unexpected data after the JSON value")]
    [InlineData("[nope]", 1, "unexpected word 'nope'")]
    [InlineData("[#]", 1, "unexpected character '#'")]
    [InlineData("-x", 0, "invalid number")]
    [InlineData("{:1}", 1, "expected an object key")]
    public void Parse_rejects_malformed_json_with_position_and_reason(string json, int position, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));
        Assert.Contains($"at byte {position}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_nesting_deeper_than_the_limit()
    {
        var deep = new string('[', FastJsonReader.MaxDepth + 1) + new string(']', FastJsonReader.MaxDepth + 1);
        var error = Assert.Throws<FormatException>(() => Parse(deep));
        Assert.Contains("nesting deeper", error.Message, StringComparison.Ordinal);
        Parse(new string('[', FastJsonReader.MaxDepth) + new string(']', FastJsonReader.MaxDepth));
    }

    [Theory]
    [InlineData("123", 123)]
    [InlineData("\"1700000000000\"", 1700000000000)]
    [InlineData("\" 42 \"", 42)]
    [InlineData("1.9", 1)]
    [InlineData("\"\"", 0)]
    [InlineData("null", 0)]
    [InlineData("true", 1)]
    public void GetInt64_coerces_like_fastjson(string json, long expected) =>
        Assert.Equal(expected, Parse(json).GetInt64());

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void GetInt64_rejects_non_numbers(string json) =>
        Assert.Throws<FormatException>(() => Parse(json).GetInt64());

    [Fact]
    public void GetInt32_rejects_overflow() =>
        Assert.Throws<FormatException>(() => Parse("3000000000").GetInt32());

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("\"false\"", false)]
    [InlineData("0", false)]
    [InlineData("null", false)]
    public void GetBoolean_coerces_like_fastjson(string json, bool expected) =>
        Assert.Equal(expected, Parse(json).GetBoolean());

    [Fact]
    public void GetBoolean_rejects_other_text() =>
        Assert.Throws<FormatException>(() => Parse("\"maybe\"").GetBoolean());

    [Theory]
    [InlineData("\"hello\"", "hello")]
    [InlineData("12", "12")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("true", "true")]
    [InlineData("[1,{a:2}]", "[1,{\"a\":2}]")]
    public void GetString_coerces_scalars_and_renders_containers(string json, string expected) =>
        Assert.Equal(expected, Parse(json).GetString());

    [Fact]
    public void GetString_of_null_is_null() => Assert.Null(Parse("null").GetString());

    [Theory]
    [InlineData("\"CONSUME_FROM_FIRST_OFFSET\"", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)]
    [InlineData("4", ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)]
    [InlineData("\"5\"", ConsumeFromWhere.CONSUME_FROM_TIMESTAMP)]
    [InlineData("0", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)]
    [InlineData("null", ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)]
    public void GetEnum_accepts_names_and_ordinals(string json, ConsumeFromWhere expected) =>
        Assert.Equal(expected, Parse(json).GetEnum<ConsumeFromWhere>());

    [Theory]
    [InlineData("\"CONSUME_SOMETIME\"")]
    [InlineData("9")]
    [InlineData("true")]
    public void GetEnum_rejects_unknown_values(string json) =>
        Assert.Throws<FormatException>(() => Parse(json).GetEnum<ConsumeFromWhere>());

    [Fact]
    public void GetEnum_reads_language_codes() =>
        Assert.Equal(LanguageCode.CPP, Parse("1").GetEnum<LanguageCode>());

    [Fact]
    public void Property_lookup_prefers_exact_match_then_ignores_case_and_the_last_candidate_wins()
    {
        var node = Parse("{\"clientId\":\"x\",\"ClientID\":\"y\",\"a\":1,\"a\":2}");
        Assert.Equal("x", node["clientId"]!.GetString());
        Assert.Equal("y", node["ClientID"]!.GetString());
        Assert.Equal("y", node["CLIENTID"]!.GetString());
        Assert.Equal(2, node["a"]!.GetInt32());
        Assert.Null(node["missing"]);
        Assert.False(Parse("[]").TryGetProperty("a", out _));
    }

    [Fact]
    public void Members_enumerate_keys_and_values_in_document_order()
    {
        var names = new List<string>();
        foreach (var (key, value) in Parse("{b:1,\"a\":2,3:3}").Members)
        {
            names.Add($"{key.GetString()}={value.GetInt32()}");
        }
        Assert.Equal(["b=1", "a=2", "3=3"], names);
    }

    [Fact]
    public void Items_and_members_of_null_are_empty_and_of_a_scalar_throw()
    {
        Assert.Empty(Parse("null").Items);
        Assert.Empty(Parse("null").Members);
        Assert.Throws<FormatException>(() => Parse("1").Items);
        Assert.Throws<FormatException>(() => Parse("[]").Members);
    }

    [Fact]
    public void ToJson_writes_the_node_back_in_either_form()
    {
        var node = Parse("{0:'a', {x:1}:[1.50,true,null]}");
        Assert.Equal("{0:\"a\",{\"x\":1}:[1.50,true,null]}", node.ToString());
        Assert.Equal("{\"0\":\"a\",{\"x\":1}:[1.50,true,null]}", Encoding.UTF8.GetString(node.ToJson(standardJson: true)));
    }
}
