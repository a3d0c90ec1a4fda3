using EventBroker.Compose.Tests.Support;

namespace EventBroker.Compose.Tests;

/// <summary>compose/docker-compose.yml as a whole: it parses, and its services, dependencies, ports and volumes fit together.</summary>
public sealed class ComposeFileTests
{
    private static Stack Stack => Stack.Default;

    [Fact]
    public void The_file_parses_and_holds_three_EventStoreDB_nodes_Redis_and_two_gateways()
    {
        var file = ComposeFile.Load(Repository.ComposeFilePath);

        Assert.False(string.IsNullOrWhiteSpace(file.ProjectName));
        Assert.Equal(3, Stack.EventStoreNodes.Count);
        Assert.Single(Stack.RedisServices);
        Assert.Equal(2, Stack.Gateways.Count);
        // Nothing else: every service is one of the three roles, so the checks below cover all of them.
        Assert.Equal(file.Services.Count, Stack.EventStoreNodes.Count + Stack.RedisServices.Count + Stack.Gateways.Count);
    }

    [Fact]
    public void Merge_keys_are_applied_so_every_node_gets_the_shared_settings()
    {
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.False(node.Map.ContainsKey("<<"), $"{node.Name}: '<<' was not merged");
            Assert.NotNull(node.Image);
            Assert.Equal("true", node.Environment.GetValueOrDefault("EVENTSTORE_INSECURE"));
        }
    }

    [Fact]
    public void Every_service_has_a_health_check_that_runs_a_command()
    {
        foreach (var service in Stack.File.Services.Values)
        {
            var check = service.Healthcheck;
            Assert.True(check is not null, $"{service.Name} has no healthcheck");
            Assert.False(check.Disabled, $"{service.Name}: healthcheck is disabled");
            Assert.True(check.Test.Count >= 2, $"{service.Name}: healthcheck test is empty");
            Assert.Contains(check.Test[0], new[] { "CMD", "CMD-SHELL" });
        }
    }

    [Fact]
    public void Every_dependency_names_a_service_and_waits_for_it_to_be_healthy()
    {
        foreach (var service in Stack.File.Services.Values)
        {
            foreach (var (target, condition) in service.DependsOn)
            {
                Assert.True(Stack.File.Services.ContainsKey(target), $"{service.Name} depends on '{target}', which is not a service");
                Assert.True(condition == "service_healthy", $"{service.Name} → {target}: condition is '{condition}', not service_healthy");
                Assert.NotNull(Stack.File.Services[target].Healthcheck);
            }
        }
    }

    [Fact]
    public void Every_gateway_waits_for_every_store_node()
    {
        var stores = Stack.EventStoreNodes.Concat(Stack.RedisServices).Select(s => s.Name).ToHashSet();
        foreach (var gateway in Stack.Gateways)
        {
            Assert.Superset(stores, gateway.DependsOn.Keys.ToHashSet());
        }
    }

    [Fact]
    public void Published_host_ports_are_unique_across_services()
    {
        var owners = new Dictionary<(string Protocol, int Port), string>();
        foreach (var service in Stack.File.Services.Values)
        {
            foreach (var port in service.Ports)
            {
                Assert.True(port.HostPort is not null, $"{service.Name}: container port {port.ContainerPort} is published on a random host port");
                var key = (port.Protocol, port.HostPort.Value);
                Assert.False(owners.TryGetValue(key, out var other), $"host port {port.HostPort} is published by both {other} and {service.Name}");
                owners[key] = service.Name;
            }
        }
        Assert.NotEmpty(owners);
    }

    [Fact]
    public void Every_variable_has_a_default_so_a_bare_up_works()
    {
        Assert.All(Stack.File.Variables, v => Assert.True(v.Default is { Length: > 0 }, $"{v.Text} has no default"));
    }

    [Fact]
    public void An_environment_variable_overrides_the_default()
    {
        var file = ComposeFile.Load(Repository.ComposeFilePath, new Dictionary<string, string> { ["EVENTBROKER_HOST_IP"] = "192.0.2.10" });
        var gateway = new Stack(file).Gateways[0];

        Assert.Equal("192.0.2.10", gateway.Environment[Stack.GatewayKeyPrefix + "BrokerIP1"]);
        Assert.All(gateway.Ports, p => Assert.Equal("192.0.2.10", p.HostIp));
    }

    [Fact]
    public void Named_volumes_are_declared_and_every_declared_volume_is_used()
    {
        var used = Stack.File.Services.Values.SelectMany(s => s.NamedVolumes).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
        Assert.Equal(Stack.File.DeclaredVolumes.Order(), used.Order());
    }

    [Fact]
    public void Every_store_keeps_its_data_in_a_named_volume()
    {
        foreach (var node in Stack.EventStoreNodes)
        {
            Assert.Contains(node.Map.GetValueOrDefault("volumes") as List<object?> ?? [], v => v is string s && s.EndsWith(":/var/lib/eventstore", StringComparison.Ordinal));
        }
        var redis = Stack.RedisServices.Single();
        Assert.Contains(redis.Map.GetValueOrDefault("volumes") as List<object?> ?? [], v => v is string s && s.EndsWith(":/data", StringComparison.Ordinal));
    }
}
