using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Headers;

/// <summary>Every typed header, filled with distinct values, survives EncodeTo → frame → Decode.</summary>
public class HeaderRoundTripTests
{
    public static IEnumerable<object[]> HeaderTypes() => typeof(SendMessageRequestHeader).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(SendMessageRequestHeader).Namespace && t.GetMethod("Decode") is not null)
        .OrderBy(t => t.Name)
        .Select(t => new object[] { t.Name });

    [Fact]
    public void Every_header_the_gateway_needs_is_present()
    {
        var names = HeaderTypes().Select(row => (string)row[0]).ToHashSet();

        Assert.Subset(names, new HashSet<string>
        {
            "SendMessageRequestHeader", "SendMessageResponseHeader", "PullMessageRequestHeader", "PullMessageResponseHeader",
            "QueryConsumerOffsetRequestHeader", "QueryConsumerOffsetResponseHeader", "UpdateConsumerOffsetRequestHeader",
            "GetConsumerListByGroupRequestHeader", "NotifyConsumerIdsChangedRequestHeader", "UnregisterClientRequestHeader",
            "GetMaxOffsetRequestHeader", "GetMinOffsetRequestHeader", "SearchOffsetRequestHeader",
            "GetEarliestMsgStoretimeRequestHeader", "OffsetResponseHeader", "GetEarliestMsgStoretimeResponseHeader",
            "CreateTopicRequestHeader", "DeleteTopicRequestHeader", "GetTopicStatsInfoRequestHeader",
            "GetConsumeStatsRequestHeader", "GetRouteInfoRequestHeader", "GetKVConfigRequestHeader",
            "GetKVConfigResponseHeader", "GetTopicsByClusterRequestHeader", "ConsumerSendMsgBackRequestHeader",
            "EndTransactionRequestHeader", "QueryMessageRequestHeader", "ViewMessageRequestHeader",
        });
    }

    [Theory]
    [MemberData(nameof(HeaderTypes))]
    public void EncodeTo_then_Decode_keeps_every_property(string typeName)
    {
        var type = typeof(SendMessageRequestHeader).Assembly.GetType("EventBroker.Protocol.Headers." + typeName)!;
        var original = Fill(type);
        foreach (var serializeType in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            using var command = new RemotingCommand { SerializeType = serializeType };
            type.GetMethod("EncodeTo", [typeof(RemotingCommand)])!.Invoke(original, [command]);

            using var decoded = FrameBytes.Decode(RemotingCommandCodec.EncodeToArray(command));
            var roundTripped = type.GetMethod("Decode")!.Invoke(null, [decoded]);

            foreach (var property in type.GetProperties())
            {
                Assert.Equal(property.GetValue(original), property.GetValue(roundTripped));
            }
        }
    }

    [Theory]
    [MemberData(nameof(HeaderTypes))]
    public void EncodeTo_of_a_blank_header_leaves_out_null_fields(string typeName)
    {
        var type = typeof(SendMessageRequestHeader).Assembly.GetType("EventBroker.Protocol.Headers." + typeName)!;
        var blank = Activator.CreateInstance(type)!;
        using var command = new RemotingCommand();

        type.GetMethod("EncodeTo", [typeof(RemotingCommand)])!.Invoke(blank, [command]);

        // Only int, long and bool have a value when nothing was set; strings and nullable numbers stay off the wire.
        var valueTyped = type.GetProperties().Count(p => p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null);
        Assert.Equal(valueTyped, command.ExtFields?.Count ?? 0);
    }

    private static object Fill(Type type)
    {
        var header = Activator.CreateInstance(type)!;
        var n = 0;
        foreach (var property in type.GetProperties())
        {
            n++;
            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = target == typeof(string) ? $"{property.Name}-值-{n}"
                : target == typeof(int) ? -n * 1000 - 7
                : target == typeof(long) ? (n * 10_000_000_000L) + 3
                : target == typeof(bool) ? true
                : throw new InvalidOperationException($"{type.Name}.{property.Name} has an unexpected type");
            property.SetValue(header, value);
        }

        return header;
    }
}
