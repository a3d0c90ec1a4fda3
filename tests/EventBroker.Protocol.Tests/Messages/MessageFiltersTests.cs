using System.Text;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class MessageFiltersTests
{
    [Theory]
    [InlineData("TagA", 2598919)]
    [InlineData("TagB", 2598920)]
    [InlineData("", 0)]
    public void TagsCode_is_java_string_hashcode(string tag, int expected)
    {
        Assert.Equal(expected, TagsCode.Of(tag));
        Assert.Equal(expected, TagsCode.Of(Encoding.UTF8.GetBytes(tag)));
    }

    [Fact]
    public void TagsCode_of_utf8_hashes_utf16_units_like_java()
    {
        const string tag = "标签😀";
        Assert.Equal(TagsCode.Of(tag), TagsCode.Of(Encoding.UTF8.GetBytes(tag)));
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("*", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("TagA", new[] { "TagA" })]
    [InlineData(" TagA || TagB ||||TagC ", new[] { "TagA", "TagB", "TagC" })]
    [InlineData("Tag A|TagB", new[] { "Tag A|TagB" })]
    public void SplitTags_splits_on_double_bar_and_trims(string? subString, string[] expected) =>
        Assert.Equal(expected, MessageFilters.SplitTags(subString));

    [Fact]
    public void TagMatches_accepts_everything_for_star()
    {
        var all = SubscriptionData.ForTags("T", "*", 1);
        Assert.True(MessageFilters.TagMatches(all, "x"));
        Assert.True(MessageFilters.TagMatches(all, (string?)null));
        Assert.True(MessageFilters.TagMatches(all, default, hasTag: false));
        Assert.True(MessageFilters.TagsCodeMatches(all, 12345));
    }

    [Fact]
    public void TagMatches_requires_an_exact_tag_otherwise()
    {
        var some = SubscriptionData.ForTags("T", "TagA || TagB", 1);
        Assert.True(MessageFilters.TagMatches(some, "TagB"));
        Assert.False(MessageFilters.TagMatches(some, "tagb"));
        Assert.False(MessageFilters.TagMatches(some, (string?)null));
        Assert.True(MessageFilters.TagMatches(some, "TagA".AsSpan(), hasTag: true));
        Assert.False(MessageFilters.TagMatches(some, "TagC".AsSpan(), hasTag: true));
        Assert.False(MessageFilters.TagMatches(some, default, hasTag: false));
        Assert.True(MessageFilters.TagsCodeMatches(some, 2598919));
        Assert.False(MessageFilters.TagsCodeMatches(some, 1));
    }

    [Fact]
    public void TagMatches_span_variant_works_with_a_case_insensitive_set()
    {
        var data = SubscriptionData.ForTags("T", "TagA", 1);
        data.TagsSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "TagA" };
        Assert.True(MessageFilters.TagMatches(data, "TagA".AsSpan(), hasTag: true));
    }

    [Fact]
    public void Sql92_subscriptions_are_not_filtered_by_tag()
    {
        var sql = new SubscriptionData { Topic = "T", SubString = "a > 1", ExpressionType = SubscriptionData.ExpressionTypeSql92 };
        Assert.True(MessageFilters.TagMatches(sql, "anything"));
    }
}
