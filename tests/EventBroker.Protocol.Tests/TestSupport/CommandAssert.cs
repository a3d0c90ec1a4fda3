namespace EventBroker.Protocol.Tests.TestSupport;

public static class CommandAssert
{
    public static void Equal(RemotingCommand expected, RemotingCommand actual)
    {
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Opaque, actual.Opaque);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Remark, actual.Remark);
        Assert.Equal(expected.SerializeType, actual.SerializeType);
        Assert.Equal(
            expected.ExtFields?.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            actual.ExtFields?.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }
}
