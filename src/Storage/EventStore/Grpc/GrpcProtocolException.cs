namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>The bytes on a call broke the gRPC framing rules; the call cannot continue.</summary>
internal sealed class GrpcProtocolException(string message) : Exception(message);
