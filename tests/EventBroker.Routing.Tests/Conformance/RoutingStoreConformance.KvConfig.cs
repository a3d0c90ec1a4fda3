namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    [Fact]
    public async Task GetKvConfig_unknown_returns_null()
        => Assert.Null(await Store.GetKvConfigAsync(Name("ns"), "key"));

    [Fact]
    public async Task PutKvConfig_then_GetKvConfig_returns_the_latest_value()
    {
        var ns = Name("ORDER_TOPIC_CONFIG");
        await Store.PutKvConfigAsync(ns, "T", "broker-a:4");
        Assert.Equal("broker-a:4", await Store.GetKvConfigAsync(ns, "T"));

        await Store.PutKvConfigAsync(ns, "T", "broker-a:8;broker-b:8");

        Assert.Equal("broker-a:8;broker-b:8", await Store.GetKvConfigAsync(ns, "T"));
    }

    [Fact]
    public async Task KvConfig_namespaces_are_separate()
    {
        var (ns1, ns2) = (Name("ns1"), Name("ns2"));
        await Store.PutKvConfigAsync(ns1, "k", "one");
        await Store.PutKvConfigAsync(ns2, "k", "two");

        Assert.Equal("one", await Store.GetKvConfigAsync(ns1, "k"));
        Assert.Equal("two", await Store.GetKvConfigAsync(ns2, "k"));
    }

    [Fact]
    public async Task DeleteKvConfig_removes_the_key_and_reports_whether_it_existed()
    {
        var ns = Name("ns");
        await Store.PutKvConfigAsync(ns, "k", "v");
        await Store.PutKvConfigAsync(ns, "other", "kept");

        Assert.True(await Store.DeleteKvConfigAsync(ns, "k"));
        Assert.False(await Store.DeleteKvConfigAsync(ns, "k"));
        Assert.Null(await Store.GetKvConfigAsync(ns, "k"));
        Assert.Equal("kept", await Store.GetKvConfigAsync(ns, "other"));
    }
}
