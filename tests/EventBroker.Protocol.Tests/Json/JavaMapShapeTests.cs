using EventBroker.Protocol.Json;

// Not ...Tests.Json: Frames tests refer to EventBroker.Protocol.Json types as "Json.X", which that namespace would shadow.
namespace EventBroker.Protocol.Tests.JsonCodec;

public sealed class JavaMapShapeTests
{
    [Theory]
    [InlineData(0, 16)]
    [InlineData(12, 16)]
    [InlineData(13, 32)]
    [InlineData(24, 32)]
    [InlineData(25, 64)]
    public void HashMap_resizes_past_three_quarters(int count, int table) =>
        Assert.Equal(table, JavaMapShape.HashMap.TableSize(count));

    [Theory]
    [InlineData(11, 16)]
    [InlineData(12, 32)]
    public void ConcurrentHashMap_resizes_at_three_quarters(int count, int table) =>
        Assert.Equal(table, JavaMapShape.ConcurrentHashMap.TableSize(count));

    [Fact]
    public void ConcurrentHashMap_1024_starts_with_2048_buckets() =>
        Assert.Equal(2048, JavaMapShape.ConcurrentHashMap1024.TableSize(3));

    [Fact]
    public void OrderByBucket_keeps_insertion_order_within_a_bucket()
    {
        // "Aa" and "BB" share String.hashCode 2112.
        string[] keys = ["BB", "x", "Aa"];
        var ordered = JavaHashMapOrder.OrderByBucket(keys, static k => JavaString.HashCode(k), JavaMapShape.HashMap);
        Assert.Equal(["BB", "Aa", "x"], ordered);
    }
}
