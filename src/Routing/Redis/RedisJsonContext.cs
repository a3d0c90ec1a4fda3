using System.Text.Json.Serialization;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

/// <summary>
/// JSON of the values the store keeps in Redis: camelCase with enums by name, as RocketMQ's own files, so an
/// operator reading them with redis-cli finds familiar shapes. Standard JSON rather than the fastjson wire codecs,
/// which write sets in Java hash order: the subscriptions of a consumer must come back in the order registered.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TopicConfig))]
[JsonSerializable(typeof(SubscriptionGroupConfig))]
[JsonSerializable(typeof(ConsumerMember))]
[JsonSerializable(typeof(ClientRegistration))]
[JsonSerializable(typeof(StoredGateway))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;

/// <summary>A gateway's liveness record with the moment (gateway clock) it stops counting as live.</summary>
internal sealed record StoredGateway(GatewayRecord Record, DateTimeOffset ExpiresAt);
