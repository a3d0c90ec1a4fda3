using System.Text;
using EventBroker.Protocol.Json;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class MessagePropertiesTests
{
    private const char N = MessageConst.NameValueSeparator;
    private const char P = MessageConst.PropertySeparator;

    public static TheoryData<string> JavaAndCppForms => new()
    {
        $"TAGS{N}TagA{P}KEYS{N}k1 k2",
        $"TAGS{N}TagA{P}KEYS{N}k1 k2{P}",
    };

    [Theory]
    [MemberData(nameof(JavaAndCppForms))]
    public void Parse_reads_properties_with_or_without_a_trailing_separator(string text)
    {
        var expected = new Dictionary<string, string> { ["TAGS"] = "TagA", ["KEYS"] = "k1 k2" };
        Assert.Equal(expected, MessageProperties.Parse(text));
        Assert.Equal(expected, MessageProperties.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Parse_skips_empty_keys_empty_values_and_short_segments_like_java()
    {
        var text = $"{N}x{P}k{N}{P}ab{P}{P}nosep{P}a{N}b{P}k{N}v1{P}k{N}v2{P}m{N}x{N}y";
        var expected = new Dictionary<string, string> { ["a"] = "b", ["k"] = "v2", ["m"] = $"x{N}y" };
        Assert.Equal(expected, MessageProperties.Parse(text));
        Assert.Equal(expected, MessageProperties.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Empty(MessageProperties.Parse((string?)null));
        Assert.Empty(MessageProperties.Parse(""u8));
    }

    [Fact]
    public void Parse_decodes_utf8()
    {
        var parsed = MessageProperties.Parse(Encoding.UTF8.GetBytes($"TAGS{N}标签é"));
        Assert.Equal("标签é", parsed["TAGS"]);
    }

    [Fact]
    public void Format_writes_no_trailing_separator_and_skips_null_values()
    {
        var text = MessageProperties.Format([new("A", "1"), new("B", null!), new("C", "3")]);
        Assert.Equal($"A{N}1{P}C{N}3", text);
        Assert.Equal("", MessageProperties.Format([]));
        Assert.Equal(Encoding.UTF8.GetBytes(text), MessageProperties.FormatUtf8([new("A", "1"), new("C", "3")]));
    }

    [Fact]
    public void FormatInJavaOrder_uses_java_hashmap_iteration_order()
    {
        var properties = new Dictionary<string, string>
        {
            [MessageConst.UniqKey] = "ID",
            [MessageConst.Wait] = "true",
            [MessageConst.Tags] = "TagA",
            [MessageConst.Cluster] = "DefaultCluster",
        };
        var expected = MessageProperties.Format(JavaHashMapOrder.Order(properties));
        Assert.Equal(expected, MessageProperties.FormatInJavaOrder(properties));
        Assert.Equal(properties, MessageProperties.Parse(expected));
    }

    [Fact]
    public void TryFind_finds_values_in_bytes_without_decoding()
    {
        var props = Encoding.UTF8.GetBytes($"TAGS{N}TagA{P}TAG{N}x{P}EMPTY{N}{P}UNIQ_KEY{N}ID1{P}UNIQ_KEY{N}ID2{P}");
        Assert.True(MessageProperties.TryFind(props, "TAGS"u8, out var tags));
        Assert.Equal("TagA"u8.ToArray(), tags.ToArray());
        Assert.True(MessageProperties.TryFind(props, "UNIQ_KEY"u8, out var last));
        Assert.Equal("ID2"u8.ToArray(), last.ToArray());
        Assert.False(MessageProperties.TryFind(props, "EMPTY"u8, out _));
        Assert.False(MessageProperties.TryFind(props, "KEYS"u8, out var missing));
        Assert.True(missing.IsEmpty);
        Assert.False(MessageProperties.TryFind(""u8, "TAGS"u8, out _));
    }

    [Fact]
    public void TryFind_over_chars_agrees()
    {
        var text = $"TAGS{N}TagA{P}KEYS{N}k";
        Assert.True(MessageProperties.TryFind(text, "KEYS", out var keys));
        Assert.Equal("k", keys.ToString());
        Assert.False(MessageProperties.TryFind(text, "TAG", out _));
    }
}
