using System.Text.Json;
using EventBroker.Cli.Infrastructure;

namespace EventBroker.Cli.Tests.Support;

/// <summary>What one eventbroker-admin invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Error}");
        return JsonDocument.Parse(Output).RootElement;
    }

    public CliResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Error}; stdout: {Output}");
        Assert.Equal("", Error);
        return this;
    }
}

/// <summary>Runs the command pipeline in-process (the real parser, handlers and TCP to the gateway), capturing stdout and stderr.</summary>
public static class AdminTool
{
    public static Task<CliResult> RunAsync(params string[] args) => RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with these environment variables only (the test process's own are not seen).</summary>
    public static async Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment { Output = output, Error = error, GetVariable = name => variables.GetValueOrDefault(name) };
        var code = await AdminCli.RunAsync(args, environment);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>One gateway for the CLI tests of a collection.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;

    public GatewayHost Host => _host ?? throw new InvalidOperationException("The gateway has not started.");

    public string NameServer => Host.NameServer;

    public string BrokerAddr => $"127.0.0.1:{Host.ListenPort}";

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}

public static class Eventually
{
    /// <summary>Retries <paramref name="attempt"/> until it returns true; the bound only guards against a hang.</summary>
    public static async Task TrueAsync(Func<Task<bool>> attempt, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await attempt())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {seconds} s: {because}");
            }
            await Task.Delay(200);
        }
    }
}
