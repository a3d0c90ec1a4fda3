using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.ServerFeatures;
using EventBroker.Storage.EventStore.Protos.Streams;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Shared = EventBroker.Storage.EventStore.Protos;

namespace EventBroker.Storage.Tests.EventStore.Recordings;

/// <summary>The generated message classes by their protobuf full names, as the recordings name them.</summary>
public static class ProtoTypes
{
    private static readonly MessageDescriptor[] Messages =
    [
        ReadReq.Descriptor, ReadResp.Descriptor, AppendReq.Descriptor, AppendResp.Descriptor,
        BatchAppendReq.Descriptor, BatchAppendResp.Descriptor, DeleteReq.Descriptor, DeleteResp.Descriptor,
        TombstoneReq.Descriptor, TombstoneResp.Descriptor, ClusterInfo.Descriptor, SupportedMethods.Descriptor,
        Shared.Empty.Descriptor,
    ];

    /// <summary>Every message an Any in the recordings may hold (BatchAppend error details).</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(
        Shared.SharedReflection.Descriptor, StreamsReflection.Descriptor, GossipReflection.Descriptor,
        ServerfeaturesReflection.Descriptor, EmptyReflection.Descriptor);

    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry).WithFormatDefaultValues(false));

    public static JsonParser Parser { get; } = new(JsonParser.Settings.Default.WithTypeRegistry(Registry));

    public static MessageDescriptor Find(string fullName)
        => Messages.SingleOrDefault(d => d.FullName == fullName) ?? throw new InvalidOperationException($"no generated class for {fullName}");
}
