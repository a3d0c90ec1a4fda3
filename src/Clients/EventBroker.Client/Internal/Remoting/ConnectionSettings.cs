namespace EventBroker.Client.Internal.Remoting;

/// <summary>What every connection of a pool shares.</summary>
internal sealed record ConnectionSettings(TimeSpan ConnectTimeout, int MaxFrameLength, int ConnectionsPerAddress, AclCredentials? Credentials);
