using System.Text;
using EventBroker.Gateway.Filtering;

namespace EventBroker.Gateway.Tests.Filtering;

/// <summary>
/// Evaluation as RocketMQ 4.9's filter module does it (ComparisonExpression, LogicExpression, UnaryExpression),
/// over properties in their stored form. Java quirks are kept and named where a test relies on one.
/// </summary>
public sealed class SqlEvaluationTests
{
    internal static byte[] Props(params (string Key, string Value)[] properties) =>
        Encoding.UTF8.GetBytes(string.Join('\u0002', properties.Select(p => p.Key + '\u0001' + p.Value)));

    private static bool Matches(string expression, params (string Key, string Value)[] properties) =>
        SqlFilter.Compile(expression).MatchesProperties(Props(properties));

    [Theory]
    [InlineData("5", true)]
    [InlineData("05", true)] // Integer.valueOf("05")
    [InlineData("+5", true)] // Integer.valueOf accepts a plus sign
    [InlineData("-5", false)]
    [InlineData(" 5", false)] // Integer.valueOf does not trim: it throws, and the message is filtered out
    [InlineData("5.0", false)] // not an Integer: throws
    [InlineData("abc", false)]
    [InlineData("3000000000", false)] // outside Integer: throws
    public void Equal_to_an_integer_converts_the_property_as_Integer_valueOf(string value, bool expected) =>
        Assert.Equal(expected, Matches("a = 5", ("a", value)));

    [Fact]
    public void Equal_to_a_string_compares_text()
    {
        Assert.True(Matches("a = '5'", ("a", "5")));
        Assert.False(Matches("a = '5'", ("a", "05")));
        Assert.True(Matches("a = 'it''s'", ("a", "it's")));
        Assert.True(Matches("a = 'día ☃'", ("a", "día ☃")));
    }

    [Fact]
    public void Literal_types_follow_createFromDecimal_and_createFloat()
    {
        Assert.True(Matches("a = 3000000000", ("a", "3000000000"))); // a Long literal
        Assert.True(Matches("a = 3000000000L", ("a", "3000000000")));
        Assert.True(Matches("a = 1.5", ("a", "1.50")));
        Assert.True(Matches("a > 1e2", ("a", "150")));
        Assert.True(Matches("a < .5", ("a", "0.25")));
        Assert.True(Matches("a = 2", ("a", "2")));
        Assert.True(Matches("a = 2.0", ("a", " 2 "))); // Double.valueOf trims
        Assert.True(Matches("a = 2.0", ("a", "2d")));
    }

    [Fact]
    public void Greater_than_an_integer_needs_an_integer_property()
    {
        Assert.True(Matches("a > 3", ("a", "4")));
        Assert.False(Matches("a > 3", ("a", "3")));
        // Java converts "3.5" with Integer.valueOf, which throws: the message does not match.
        Assert.False(Matches("a > 3", ("a", "3.5")));
        Assert.True(Matches("a > 3.0", ("a", "3.5")));
        Assert.True(Matches("a >= 3 AND a <= 3", ("a", "3")));
        Assert.True(Matches("a < 0", ("a", "-1")));
    }

    [Fact]
    public void Two_properties_are_ordered_as_numbers_never_as_text()
    {
        Assert.True(Matches("a > b", ("a", "10"), ("b", "9")));
        Assert.False(Matches("a > b", ("a", "b"), ("b", "a")));
        Assert.True(Matches("a = b", ("a", "x"), ("b", "x")));
    }

    [Fact]
    public void Doubles_compare_as_Double_compare_does()
    {
        Assert.True(Matches("a > 1.0", ("a", "NaN"))); // NaN is above every number
        Assert.True(Matches("a = 0.0", ("a", "0")));
        Assert.False(Matches("a = 0.0", ("a", "-0.0"))); // -0.0 is below 0.0
        Assert.True(Matches("a < 0.0", ("a", "-0.0")));
    }

    [Fact]
    public void Negative_numbers_are_unary_minus()
    {
        Assert.True(Matches("a > -5", ("a", "-3")));
        Assert.True(Matches("a = -2147483648", ("a", "-2147483648")));
        Assert.True(Matches("a = - -7", ("a", "7")));
        Assert.False(Matches("-a < 0", ("a", "5"))); // minus of a string is null
        Assert.True(Matches("a = +7", ("a", "7")));
    }

    [Fact]
    public void Booleans_convert_a_property_with_Boolean_valueOf()
    {
        Assert.True(Matches("a = TRUE", ("a", "true")));
        Assert.True(Matches("a = TRUE", ("a", "TRUE")));
        Assert.False(Matches("a = TRUE", ("a", "yes")));
        Assert.True(Matches("a = FALSE", ("a", "yes")));
        // Java casts the Boolean to String here and throws: never a match.
        Assert.False(Matches("TRUE = a", ("a", "true")));
        Assert.True(Matches("TRUE", ("a", "x")));
        Assert.False(Matches("FALSE"));
        Assert.False(Matches("NULL"));
    }

    [Fact]
    public void A_bare_property_is_a_condition_that_is_never_true()
    {
        Assert.False(Matches("a", ("a", "true")));
        Assert.True(Matches("NOT a", ("a", "true")));
        Assert.False(Matches("NOT a"));
    }

    [Fact]
    public void Missing_or_empty_properties_are_null_and_null_never_matches()
    {
        Assert.False(Matches("a = 1"));
        Assert.False(Matches("a <> 1"));
        Assert.False(Matches("NOT (a = 1)"));
        Assert.False(Matches("a > 1"));
        Assert.False(Matches("a = 1", ("a", "")));
        Assert.True(Matches("a IS NULL", ("a", "")));
        Assert.True(Matches("a IS NULL"));
        Assert.False(Matches("a IS NULL", ("a", "1")));
        Assert.True(Matches("a IS NOT NULL", ("a", "1")));
        Assert.False(Matches("a IS NOT NULL"));
        // Java's equality treats two nulls as equal.
        Assert.True(Matches("a = b"));
        Assert.False(Matches("a <> b"));
    }

    [Fact]
    public void And_or_use_three_valued_logic_with_short_circuit()
    {
        Assert.True(Matches("a = 1 OR b = 2", ("b", "2")));
        Assert.False(Matches("a = 1 OR b = 2", ("b", "3")));
        Assert.False(Matches("a = 1 AND b = 2", ("b", "2")));
        Assert.True(Matches("a = 1 AND b = 2", ("a", "1"), ("b", "2")));
        Assert.True(Matches("NOT (a = 1 AND b = 2)", ("a", "2")));
        Assert.True(Matches("(a = 1 OR a = 2) AND NOT (b IS NULL)", ("a", "2"), ("b", "x")));
    }

    [Fact]
    public void A_conversion_error_aborts_the_whole_expression_like_the_Java_exception()
    {
        Assert.False(Matches("a > 5 OR b = 'x'", ("a", "abc"), ("b", "x")));
        Assert.True(Matches("b = 'x' OR a > 5", ("a", "abc"), ("b", "x")));
        Assert.False(Matches("NOT (a > 5)", ("a", "abc")));
    }

    [Fact]
    public void Between_and_not_between()
    {
        Assert.True(Matches("a BETWEEN 1 AND 10", ("a", "5")));
        Assert.True(Matches("a BETWEEN 1 AND 10", ("a", "10")));
        Assert.False(Matches("a BETWEEN 1 AND 10", ("a", "11")));
        Assert.False(Matches("a BETWEEN 1 AND 10"));
        Assert.True(Matches("a NOT BETWEEN 1 AND 10", ("a", "11")));
        Assert.False(Matches("a NOT BETWEEN 1 AND 10", ("a", "5")));
        Assert.False(Matches("a NOT BETWEEN 1 AND 10"));
        Assert.True(Matches("a BETWEEN -1.5 AND 2.5", ("a", "0")));
    }

    [Fact]
    public void In_and_not_in_compare_strings_and_null_is_neither()
    {
        Assert.True(Matches("a IN ('x', 'y')", ("a", "y")));
        Assert.False(Matches("a IN ('x', 'y')", ("a", "z")));
        Assert.True(Matches("a NOT IN ('x', 'y')", ("a", "z")));
        Assert.False(Matches("a NOT IN ('x', 'y')", ("a", "x")));
        Assert.False(Matches("a IN ('x')"));
        Assert.False(Matches("a NOT IN ('x')"));
        Assert.True(Matches("a IN ('1','2','3','4','5','6','7','8','9')", ("a", "9")));
    }

    [Fact]
    public void Tags_and_other_message_properties_are_identifiers_with_exact_case()
    {
        Assert.True(Matches("TAGS = 'TagA'", ("TAGS", "TagA")));
        Assert.True(Matches("TAGS IN ('TagA', 'TagB') AND KEYS IS NOT NULL", ("TAGS", "TagB"), ("KEYS", "k1")));
        Assert.False(Matches("tags = 'TagA'", ("TAGS", "TagA")));
        Assert.True(Matches("$price_1 > 10", ("$price_1", "11")));
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_comments_are_skipped()
    {
        Assert.True(Matches("a between 1 and 3 and b in ('z') or c is null", ("a", "2"), ("b", "z"), ("c", "1")));
        Assert.True(Matches("/* price */ a = 1 -- trailing comment", ("a", "1")));
        Assert.True(Matches("a = 1 -- first\nAND b = 2", ("a", "1"), ("b", "2")));
    }

    [Fact]
    public void Not_equal_accepts_both_spellings() =>
        Assert.True(Matches("a <> 'x' AND a != 'y'", ("a", "z")));

    [Fact]
    public void Not_binds_tighter_than_comparison_as_in_RocketMQ()
    {
        // (NOT a) = 1: a boolean is never equal to an integer.
        Assert.False(Matches("NOT a = 1", ("a", "2")));
        Assert.True(Matches("NOT (a = 1)", ("a", "2")));
    }

    [Fact]
    public void The_last_occurrence_of_a_property_wins_as_in_the_Java_decoder() =>
        Assert.True(Matches("a = 2", ("a", "1"), ("a", "2")));

    [Fact]
    public void Evaluating_a_message_allocates_nothing()
    {
        var filter = SqlFilter.Compile("(TAGS IN ('TagA', 'TagB') AND price BETWEEN 10 AND 100.5) OR region = 'eu' OR NOT (vip IS NULL)");
        var properties = Props(("UNIQ_KEY", "AC11000100002A9F0000000000000000"), ("TAGS", "TagB"), ("price", "42"), ("region", "us"));
        var matched = 0;
        for (var i = 0; i < 100; i++)
        {
            matched += filter.MatchesProperties(properties) ? 1 : 0;
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            matched += filter.MatchesProperties(properties) ? 1 : 0;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(10_100, matched);
        Assert.Equal(0, allocated);
    }
}
