namespace EventBroker.Protocol.Tests.Frames;

public sealed class MQVersionTests
{
    [Theory]
    [InlineData(MQVersion.V4_0_0, "V4_0_0")]
    [InlineData(MQVersion.V4_0_0 - 1, "V4_0_0_SNAPSHOT")]
    [InlineData(MQVersion.V4_0_0 + 1, "V4_0_1_SNAPSHOT")]
    [InlineData(MQVersion.V4_0_0 + 18, "V4_0_9")]
    [InlineData(MQVersion.V4_0_0 + 20, "V4_1_0")]
    [InlineData(MQVersion.V4_5_0, "V4_5_0")]
    [InlineData(MQVersion.V4_9_0, "V4_9_0")]
    [InlineData(MQVersion.V4_9_4, "V4_9_4")]
    [InlineData(MQVersion.V4_9_4 - 1, "V4_9_4_SNAPSHOT")]
    [InlineData(MQVersion.V5_0_0, "V5_0_0")]
    [InlineData(MQVersion.V3_4_9, "V3_4_9")]
    [InlineData(0, "V3 (ordinal 0)")]
    public void An_ordinal_is_described_by_its_MQVersion_enum_name(int ordinal, string name) =>
        Assert.Equal(name, MQVersion.Describe(ordinal));
}
