using EventBroker.Gateway.Filtering;

namespace EventBroker.Gateway.Tests.Filtering;

/// <summary>What RocketMQ's SelectorParser accepts, and what it refuses (with the column and reason a consumer sees).</summary>
public sealed class SqlParserTests
{
    [Theory]
    [InlineData("a = 1")]
    [InlineData("a <> 1")]
    [InlineData("a != 1")]
    [InlineData("a > 1 AND a >= 1 AND a < 1 AND a <= 1")]
    [InlineData("a BETWEEN 1 AND 2")]
    [InlineData("a NOT BETWEEN 1.5 AND 2.5")]
    [InlineData("a IN ('x')")]
    [InlineData("a NOT IN ('x', 'y', 'z')")]
    [InlineData("a IS NULL OR b IS NOT NULL")]
    [InlineData("NOT (a = 'x') AND (b = TRUE OR c = FALSE)")]
    [InlineData("TRUE")]
    [InlineData("a")]
    [InlineData("((((a = 1))))")]
    [InlineData("a = 5. OR a = .5 OR a = 5E10 OR a = 5.5e-3 OR a = 0.0")]
    [InlineData("a = 9223372036854775807")]
    [InlineData("a = 1 = TRUE")]
    [InlineData("'x' = TRUE")] // Java only checks a boolean constant on the left
    [InlineData("a BETWEEN -5 AND -10")] // bounds are checked only when both are plain literals, as in Java
    public void Accepts(string expression) => Assert.NotNull(SqlFilter.Compile(expression));

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("   ", 1, "empty")]
    [InlineData("a = ", 5, "expected a property name, a literal or '(' but found the end of the expression")]
    [InlineData("a > 'x'", 5, "'x'' cannot be compared with >: only numbers can")]
    [InlineData("a > TRUE", 5, "cannot be compared with >")]
    [InlineData("(a = 1) > 2", 2, "the condition 'a = 1' cannot be compared with >")]
    [InlineData("a = NULL", 5, "NULL cannot be compared with = or <>: use IS NULL")]
    [InlineData("NULL <> a", 1, "NULL cannot be compared")]
    [InlineData("TRUE = 'x'", 6, "'TRUE' cannot be compared with ''x''")]
    [InlineData("5", 1, "'5' is not a condition")]
    [InlineData("a AND 5", 7, "'5' is not a condition")]
    [InlineData("NOT 'x'", 5, "is not a condition")]
    [InlineData("1 IN ('a')", 3, "IN needs a property on its left")]
    [InlineData("a IN (1, 2)", 7, "expected a string literal in the IN list")]
    [InlineData("a IN ()", 7, "expected a string literal")]
    [InlineData("a IN ('x' 'y')", 11, "expected ',' or ')' in the IN list")]
    [InlineData("a BETWEEN 5 AND 1", 11, "the lower bound '5' of BETWEEN is greater than the upper bound '1'")]
    [InlineData("a BETWEEN NULL AND 1", 3, "the bounds of BETWEEN cannot be NULL")]
    [InlineData("a BETWEEN 1 OR 2", 13, "expected AND between the bounds of BETWEEN")]
    [InlineData("a BETWEEN 'a' AND 'b'", 11, "cannot be compared with BETWEEN: only numbers can")]
    [InlineData("a = 'unterminated", 5, "never closed")]
    [InlineData("a # 1", 3, "unexpected character '#'")]
    [InlineData("a = 1 b", 7, "unexpected 'b' after a complete expression")]
    [InlineData("a = 1)", 6, "unexpected ')' after a complete expression")]
    [InlineData("(a = 1", 7, "expected ')' to close the '(' at column 1")]
    [InlineData("a = 99999999999999999999", 5, "outside the Long range")]
    [InlineData("a = 007", 5, "leading zero")]
    [InlineData("a = 1e", 5, "exponent")]
    [InlineData("a = 1e999", 5, "greater than the largest Double")]
    [InlineData("a IS 5", 6, "expected NULL or NOT NULL after IS")]
    [InlineData("a IS NOT 5", 10, "expected NULL after IS NOT")]
    [InlineData("/* open comment", 1, "never closed with */")]
    [InlineData("a.b = 1", 2, "unexpected character '.'")]
    [InlineData("a NOT LIKE 'x'", 3, "unexpected 'NOT' after a complete expression")]
    public void Refuses_with_column_and_reason(string expression, int column, string reason)
    {
        var ex = Assert.Throws<SqlParseException>(() => SqlFilter.Compile(expression));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(column, ex.Column);
        Assert.EndsWith($"(at column {column})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_compiles_each_text_once_and_remembers_failures()
    {
        var cache = new SqlFilterCache();
        Assert.True(cache.TryGet("a = 1", out var first, out _));
        Assert.True(cache.TryGet("a = 1", out var second, out _));
        Assert.Same(first, second);
        Assert.False(cache.TryGet("a =", out _, out var error));
        Assert.False(cache.TryGet("a =", out _, out var again));
        Assert.Same(error, again);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void The_cache_starts_over_when_full()
    {
        var cache = new SqlFilterCache();
        for (var i = 0; i <= SqlFilterCache.Capacity; i++)
        {
            Assert.True(cache.TryGet($"a = {i}", out _, out _));
        }
        Assert.True(cache.Count <= SqlFilterCache.Capacity);
    }
}
