using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using EventBroker.Compose.Tests.Support;
using EventBroker.Gateway.Configuration;

namespace EventBroker.Compose.Tests;

/// <summary>The gateway services against the gateway itself: its option names and defaults, its ports, its stores.</summary>
public sealed class GatewayServiceTests
{
    private static Stack Stack => Stack.Default;

    /// <summary>The keys a gateway can be configured with: BrokerOptions' public settable properties.</summary>
    private static readonly HashSet<string> s_optionNames = typeof(BrokerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings that differ between gateways: the ports each one listens on.</summary>
    private static readonly string[] s_perGatewayKeys = [nameof(BrokerOptions.NameServerPort), nameof(BrokerOptions.ListenPort), nameof(BrokerOptions.HttpPort)];

    public static TheoryData<string> GatewayNames() => new(Stack.Gateways.Select(g => g.Name));

    private static ComposeService Gateway(string name) => Stack.File.Services[name];

    [Fact]
    public void Both_gateways_are_built_from_the_repository_Dockerfile()
    {
        Assert.Equal(2, Stack.Gateways.Count);
        foreach (var gateway in Stack.Gateways)
        {
            Assert.Equal(Repository.Root, gateway.Build!.Context);
            Assert.True(File.Exists(gateway.Build.Dockerfile), $"{gateway.Name}: {gateway.Build.Dockerfile} does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void Every_Broker_key_is_a_property_of_BrokerOptions(string name)
    {
        var keys = Gateway(name).Environment.Keys.Where(k => k.StartsWith(Stack.GatewayKeyPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var option = key[Stack.GatewayKeyPrefix.Length..];
            Assert.True(s_optionNames.Contains(option), $"{name}: {key} is not a gateway setting (BrokerOptions has no '{option}')");
        }
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_environment_binds_to_BrokerOptions_as_the_gateway_binds_it(string name)
    {
        // The configuration binder refuses unknown keys here and values that do not convert (a port that is not a number).
        var options = Stack.BindGatewayOptions(Gateway(name));

        Assert.NotEmpty(options.GetBrokerNames());
        Assert.All(options.GetBrokerNames(), n => Assert.True(NameRules.IsValidName(n), $"{name}: '{n}' is not a valid broker name"));
        Assert.True(NameRules.IsValidName(options.ClusterName), $"{name}: '{options.ClusterName}' is not a valid cluster name");
    }

    [Fact]
    public void Cluster_wide_settings_are_the_same_on_every_gateway()
    {
        var shared = Stack.Gateways
            .Select(g => g.Environment
                .Where(kv => !s_perGatewayKeys.Any(k => kv.Key.Equals(Stack.GatewayKeyPrefix + k, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToList())
            .ToList();
        Assert.All(shared.Skip(1), s => Assert.Equal(shared[0], s));
        // The list of logical brokers in particular: each gateway derives its ports and routes from it.
        Assert.Contains(shared[0], kv => kv.Key == Stack.GatewayKeyPrefix + nameof(BrokerOptions.BrokerNames));
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void Published_container_ports_are_exactly_the_ports_the_gateway_listens_on(string name)
    {
        var gateway = Gateway(name);
        var options = Stack.BindGatewayOptions(gateway);
        var listening = new[] { options.NameServerPort, options.HttpPort }
            .Concat(Enumerable.Range(0, options.GetBrokerNames().Count).Select(k => options.ListenPort + k))
            .Order()
            .ToList();

        Assert.Equal(listening, gateway.Ports.Select(p => p.ContainerPort).Order().ToList());
        Assert.All(gateway.Ports, p => Assert.Equal("tcp", p.Protocol));
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void Every_port_is_published_under_its_own_number_on_the_advertised_address(string name)
    {
        // A client is routed to BrokerIP1:ListenPort+k from the gateway's own settings, so the host side must be the same
        // number on that address.
        var gateway = Gateway(name);
        var rawAddress = gateway.RawEnvironment[Stack.GatewayKeyPrefix + nameof(BrokerOptions.BrokerIP1)];
        var address = Stack.BindGatewayOptions(gateway).BrokerIP1;
        foreach (var port in gateway.Ports)
        {
            Assert.Equal(port.ContainerPort, port.HostPort);
            Assert.Equal(address, port.HostIp);
            // Written with the same expression, so overriding the address moves both.
            Assert.Equal(rawAddress, port.RawHostIp);
        }
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_advertised_address_is_a_concrete_IP_address(string name)
    {
        var address = Stack.BindGatewayOptions(Gateway(name)).BrokerIP1;
        Assert.True(IPAddress.TryParse(address, out var ip), $"{name}: BrokerIP1 '{address}' is not an IP address");
        Assert.False(ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any), $"{name}: BrokerIP1 {address} is not an address a client can connect to");
    }

    [Fact]
    public void Gateways_advertise_distinct_broker_addresses_and_ids()
    {
        var endpoints = new List<string>();
        var ids = new List<string>();
        foreach (var gateway in Stack.Gateways)
        {
            var options = Stack.BindGatewayOptions(gateway);
            endpoints.AddRange(Enumerable.Range(0, options.GetBrokerNames().Count).Select(k => $"{options.BrokerIP1}:{options.ListenPort + k}"));
            endpoints.Add($"{options.BrokerIP1}:{options.NameServerPort}");
            // BrokerTopology's gateway id: it keys the liveness record, so two gateways must not share it.
            ids.Add($"{options.BrokerIP1}:{options.ListenPort}");
        }
        Assert.Equal(endpoints.Count, endpoints.Distinct().Count());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_store_names_only_EventStoreDB_services_of_the_stack_and_all_of_them(string name)
    {
        var options = Stack.BindGatewayOptions(Gateway(name));
        var (hosts, settings, discover) = StoreAddresses.ParseEventStore(options.Store);
        var nodes = Stack.EventStoreNodes.Select(n => n.Name).ToHashSet();

        Assert.All(hosts, h => Assert.True(nodes.Contains(h.Host), $"{name}: the store names '{h.Host}', which is not an EventStoreDB service"));
        Assert.All(hosts, h => Assert.Equal(2113, h.Port));
        if (!discover)
        {
            // Every node as a seed: the gateway can start, and find the leader again, with any one node down.
            Assert.Equal(nodes.Order(), hosts.Select(h => h.Host).Order());
        }
        // The nodes run insecure (EVENTSTORE_INSECURE=true): they speak h2c, which the client uses only with tls=false.
        Assert.Equal("false", settings.GetValueOrDefault("tls"));
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_routing_store_is_the_Redis_service(string name)
    {
        var options = Stack.BindGatewayOptions(Gateway(name));
        var redis = Stack.RedisServices.Single();
        var endpoints = StoreAddresses.ParseRedis(options.Redis);

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Equal(new HostPort(redis.Name, 6379), e));
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_health_check_asks_the_gateways_own_HTTP_port_for_health(string name)
    {
        var gateway = Gateway(name);
        var options = Stack.BindGatewayOptions(gateway);
        var command = gateway.Healthcheck!.CommandText;

        var port = Regex.Match(command, @"/dev/tcp/127\.0\.0\.1/(\d+)");
        Assert.True(port.Success, $"{name}: the health check does not open 127.0.0.1:<port>: {command}");
        Assert.Equal(options.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port.Groups[1].Value);
        Assert.Contains("GET /health ", command, StringComparison.Ordinal);
        Assert.Contains("' 200 '", command, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GatewayNames))]
    public void The_gateway_restarts_by_itself(string name)
    {
        // A gateway that exits at start (the store's leader not elected yet) comes back without an operator.
        Assert.Equal("unless-stopped", Gateway(name).Map.GetValueOrDefault("restart"));
    }
}
