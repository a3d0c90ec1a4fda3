using System.Text.Json.Serialization;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>
/// Standard JSON for the state files (the fastjson codecs are for the wire). Indented like RocketMQ's own files,
/// enums as names as fastjson writes them; names or numbers are accepted when reading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(TopicsDocument))]
[JsonSerializable(typeof(SubscriptionGroupsDocument))]
[JsonSerializable(typeof(ConsumerOffsetsDocument))]
[JsonSerializable(typeof(KvConfigDocument))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
