namespace EventBroker.Storage.Tests.Conformance;

public abstract partial class StreamStoreConformance
{
    [Fact]
    public async Task FindRevisionByTime_finds_the_first_event_at_or_after_the_time()
    {
        var stream = StreamName();
        var t = NowMs - 60_000;
        await AppendAsync(stream, Event("a", t), Event("b", t + 1000), Event("c", t + 1000), Event("d", t + 2000));

        Assert.Equal(0, await Store.FindRevisionByTimeAsync(stream, t - 500));
        Assert.Equal(0, await Store.FindRevisionByTimeAsync(stream, t));
        Assert.Equal(1, await Store.FindRevisionByTimeAsync(stream, t + 1));
        Assert.Equal(1, await Store.FindRevisionByTimeAsync(stream, t + 1000));
        Assert.Equal(3, await Store.FindRevisionByTimeAsync(stream, t + 1500));
        Assert.Equal(4, await Store.FindRevisionByTimeAsync(stream, t + 2001));
    }

    [Fact]
    public async Task FindRevisionByTime_does_not_return_truncated_revisions()
    {
        var stream = StreamName();
        var t = NowMs - 60_000;
        await AppendAsync(stream, Event("a", t), Event("b", t + 1000), Event("c", t + 2000));
        await Store.TruncateBeforeAsync(stream, 2);

        Assert.Equal(2, await Store.FindRevisionByTimeAsync(stream, t));
    }

    [Fact]
    public async Task GetFirstTimestamp_is_that_of_the_first_retained_event()
    {
        var stream = StreamName();
        var t = NowMs - 60_000;

        Assert.Null(await Store.GetFirstTimestampAsync(stream));
        await AppendAsync(stream, Event("a", t), Event("b", t + 1000), Event("c", t + 2000));
        Assert.Equal(t, await Store.GetFirstTimestampAsync(stream));
        await Store.TruncateBeforeAsync(stream, 1);
        Assert.Equal(t + 1000, await Store.GetFirstTimestampAsync(stream));
        await Store.TruncateBeforeAsync(stream, 3);
        Assert.Null(await Store.GetFirstTimestampAsync(stream));
    }
}
