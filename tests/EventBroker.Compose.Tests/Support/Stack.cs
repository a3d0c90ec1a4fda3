using EventBroker.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace EventBroker.Compose.Tests.Support;

/// <summary>compose/docker-compose.yml sorted into its roles: gateways, EventStoreDB nodes, Redis.</summary>
public sealed class Stack
{
    /// <summary>The environment form of the gateway's configuration section: <c>Broker__Key</c>.</summary>
    public const string GatewayKeyPrefix = BrokerOptions.SectionName + "__";

    private static readonly Lazy<Stack> s_default = new(() => new Stack(ComposeFile.Load(Repository.ComposeFilePath)));

    public Stack(ComposeFile file)
    {
        File = file;
        // A gateway is whatever is built from the repository's own Dockerfile.
        Gateways = file.Services.Values
            .Where(s => s.Build is not null && s.Build.Dockerfile == Repository.DockerfilePath)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        EventStoreNodes = file.Services.Values
            .Where(s => s.Image is not null && s.Image.Contains("eventstore/", StringComparison.Ordinal))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        RedisServices = file.Services.Values
            .Where(s => s.Image is not null && (s.Image.StartsWith("redis:", StringComparison.Ordinal) || s.Image.StartsWith("redis@", StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>The checked file, loaded once: every test reads the same parse.</summary>
    public static Stack Default => s_default.Value;

    public ComposeFile File { get; }

    public IReadOnlyList<ComposeService> Gateways { get; }

    public IReadOnlyList<ComposeService> EventStoreNodes { get; }

    public IReadOnlyList<ComposeService> RedisServices { get; }

    /// <summary>
    /// The gateway's options as the gateway would bind them from this service's environment (the environment
    /// provider turns <c>__</c> into <c>:</c>); a key with no matching property fails the binding.
    /// </summary>
    public static BrokerOptions BindGatewayOptions(ComposeService gateway)
    {
        var data = gateway.Environment
            .Where(kv => kv.Key.StartsWith(GatewayKeyPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
        return configuration.GetSection(BrokerOptions.SectionName).Get<BrokerOptions>(o => o.ErrorOnUnknownConfiguration = true)
            ?? new BrokerOptions();
    }
}
