using System.Diagnostics;
using System.Text.Json;
using EventBroker.Cli.Tests.Support;

namespace EventBroker.Cli.Tests;

/// <summary>The built eventbroker-admin executable, run as a process: exit codes, stdout/stderr and NAMESRV_ADDR.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProcessTests(GatewayFixture gateway)
{
    [Fact]
    public async Task The_executable_lists_the_cluster_with_the_name_server_from_NAMESRV_ADDR()
    {
        var (code, output, error) = await RunProcessAsync(gateway.NameServer, "clusterList", "--json");
        Assert.True(code == 0, error);
        var broker = JsonDocument.Parse(output).RootElement.GetProperty("brokers")[0];
        Assert.Equal(gateway.BrokerAddr, broker.GetProperty("brokerAddr").GetString());
    }

    [Fact]
    public async Task The_executable_exits_non_zero_with_one_line_when_the_name_server_is_unreachable()
    {
        var (code, output, error) = await RunProcessAsync("127.0.0.1:1", "topicList");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("cannot reach the name server 127.0.0.1:1", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static async Task<(int Code, string Output, string Error)> RunProcessAsync(string nameServer, params string[] args)
    {
        // The CLI's own build output (its deps and runtimeconfig, not the test folder's copy, whose dependencies are the
        // tests'): tests/EventBroker.Cli.Tests/bin/{Configuration}/net10.0 -> src/Clients/EventBroker.Cli/bin/{Configuration}/net10.0.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var repository = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var tool = Path.Combine(repository, "src", "Clients", "EventBroker.Cli", "bin", configuration, testBin.Name, "eventbroker-admin.dll");
        Assert.True(File.Exists(tool), $"{tool} was not built");
        var start = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NAMESRV_ADDR"] = nameServer;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
