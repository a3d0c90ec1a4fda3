using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using EventBroker.Compose.Tests.Support;
using EventBroker.Gateway.Configuration;

namespace EventBroker.Compose.Tests;

/// <summary>The repository's Dockerfile against the project layout: what it copies, restores, publishes and exposes.</summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile s_dockerfile = Dockerfile.Load(Repository.DockerfilePath);
    private static readonly DockerIgnore s_ignore = DockerIgnore.Load(Repository.DockerIgnorePath);

    private static DockerStage BuildStage => s_dockerfile.Stages[0];

    /// <summary>COPY instructions that read the build context (not another stage), with sources and destination.</summary>
    private static IEnumerable<(DockerInstruction Copy, IReadOnlyList<string> Sources, string Destination)> ContextCopies(DockerStage stage) =>
        stage.Instructions
            .Where(i => i.Keyword is "COPY" or "ADD" && !i.Flags.ContainsKey("from"))
            .Select(i => (i, (IReadOnlyList<string>)i.Arguments.Take(i.Arguments.Count - 1).ToList(), i.Arguments[^1]));

    private static DockerInstruction RunContaining(DockerStage stage, string text) =>
        stage.Instructions.Single(i => i.Keyword == "RUN" && i.Text.Contains(text, StringComparison.Ordinal));

    private static int IndexOf(DockerStage stage, DockerInstruction instruction) => stage.Instructions.ToList().IndexOf(instruction);

    private static string DotnetMajorMinor()
    {
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("global.json")));
        var sdk = Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        return $"{sdk.Major}.{sdk.Minor}";
    }

    [Fact]
    public void Two_stages_SDK_then_ASP_NET_runtime_of_the_pinned_NET_version()
    {
        var version = DotnetMajorMinor();
        var targetFramework = XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;

        Assert.Equal(2, s_dockerfile.Stages.Count);
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", BuildStage.BaseImage);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{version}", s_dockerfile.FinalStage.BaseImage);
        Assert.Equal($"net{version}", targetFramework);
    }

    [Fact]
    public void Every_COPY_source_exists_in_the_repository_and_is_in_the_build_context()
    {
        var copies = s_dockerfile.Stages.SelectMany(ContextCopies).ToList();
        Assert.NotEmpty(copies);
        foreach (var (copy, sources, _) in copies)
        {
            foreach (var source in sources)
            {
                Assert.False(source.IndexOfAny(['*', '?', '[']) >= 0, $"line {copy.Line}: wildcard source '{source}' cannot be checked");
                var path = Repository.PathOf(source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"line {copy.Line}: '{source}' does not exist in the repository");
                Assert.False(s_ignore.IsExcluded(source.TrimEnd('/')), $"line {copy.Line}: '{source}' is excluded by .dockerignore");
            }
        }
    }

    [Fact]
    public void Context_files_keep_their_repository_paths_in_the_image()
    {
        // Relative ProjectReference paths and the Directory.*.props lookup only work in the same layout.
        foreach (var (copy, sources, destination) in ContextCopies(BuildStage))
        {
            var target = destination.TrimEnd('/') is "." or "" ? "" : destination.TrimEnd('/');
            foreach (var source in sources)
            {
                var expected = Directory.Exists(Repository.PathOf(source))
                    ? source.TrimEnd('/')
                    : Path.GetDirectoryName(source)!.Replace('\\', '/');
                Assert.True(expected == target, $"line {copy.Line}: '{source}' lands in '{destination}', not in '{expected}/'");
            }
        }
    }

    [Fact]
    public void The_project_files_copied_before_restore_are_exactly_the_gateways_transitive_references()
    {
        var restore = RunContaining(BuildStage, "dotnet restore");
        var copied = ContextCopies(BuildStage)
            .Where(c => IndexOf(BuildStage, c.Copy) < IndexOf(BuildStage, restore))
            .SelectMany(c => c.Sources)
            .Where(s => s.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(Repository.PathOf)
            .Order()
            .ToList();
        var closure = ProjectGraph.Closure(Repository.GatewayProjectPath).Order().ToList();

        Assert.Equal(4, closure.Count);
        Assert.Equal(closure, copied);
    }

    [Fact]
    public void Build_properties_package_pins_and_the_SDK_pin_are_copied_before_restore()
    {
        var restore = RunContaining(BuildStage, "dotnet restore");
        var copied = ContextCopies(BuildStage)
            .Where(c => IndexOf(BuildStage, c.Copy) < IndexOf(BuildStage, restore))
            .SelectMany(c => c.Sources)
            .Select(Repository.PathOf)
            .ToHashSet();
        var needed = ProjectGraph.Closure(Repository.GatewayProjectPath)
            .SelectMany(p => ProjectGraph.ImportedDirectoryFiles(p, Repository.Root))
            .Append(Repository.PathOf("global.json"))
            .ToHashSet();

        Assert.Contains(Repository.PathOf("Directory.Packages.props"), needed);
        Assert.Contains(Repository.PathOf("src/Directory.Build.props"), needed);
        Assert.Superset(needed, copied);
    }

    [Fact]
    public void Restore_then_sources_then_publish_of_src_Gateway_in_Release_to_app()
    {
        var restore = RunContaining(BuildStage, "dotnet restore");
        var publish = RunContaining(BuildStage, "dotnet publish");
        var sources = ContextCopies(BuildStage).Single(c => c.Sources.Any(s => s.TrimEnd('/') == "src"));
        var gateway = Repository.Relative(Repository.GatewayProjectPath);

        Assert.Contains(gateway, restore.Arguments);
        Assert.True(IndexOf(BuildStage, restore) < IndexOf(BuildStage, sources.Copy), "src/ is copied before the restore: every source edit would restore again");
        Assert.True(IndexOf(BuildStage, sources.Copy) < IndexOf(BuildStage, publish), "the publish runs before the sources are copied");

        var args = publish.Arguments.ToList();
        Assert.Contains(gateway, args);
        Assert.Equal("Release", args[args.IndexOf("-c") + 1]);
        Assert.Equal("/app", args[args.IndexOf("-o") + 1]);
        Assert.Contains("--no-restore", args);
    }

    [Fact]
    public void The_runtime_stage_takes_the_publish_output_from_the_build_stage()
    {
        var copy = s_dockerfile.FinalStage.Instructions.Single(i => i.Keyword == "COPY" && i.Flags.ContainsKey("from"));
        var workdir = s_dockerfile.FinalStage.Instructions.Last(i => i.Keyword == "WORKDIR").Arguments[0];

        Assert.Equal(BuildStage.Name, copy.Flags["from"]);
        Assert.Equal("/app", copy.Arguments[0]);
        Assert.Equal("/app", workdir);
        Assert.True(copy.Arguments[^1] is "./" or "." or "/app" or "/app/", $"the publish output lands in {copy.Arguments[^1]}, not in the working directory");
    }

    [Fact]
    public void The_entrypoint_runs_the_gateway_assembly_with_dotnet()
    {
        var entrypoint = s_dockerfile.FinalStage.Instructions.Last(i => i.Keyword == "ENTRYPOINT");
        var assembly = typeof(BrokerOptions).Assembly.GetName().Name + ".dll";

        Assert.True(entrypoint.IsExecForm, "a shell-form ENTRYPOINT would not pass SIGTERM to the gateway");
        Assert.Equal(["dotnet", assembly], entrypoint.Arguments);
        Assert.Equal("EventBroker.Gateway.dll", assembly);
    }

    [Fact]
    public void Exposed_ports_are_the_default_ports_of_BrokerOptions()
    {
        var defaults = new BrokerOptions();
        var brokerCount = Stack.Default.Gateways.Select(g => Stack.BindGatewayOptions(g).GetBrokerNames().Count).Distinct().Single();
        var exposed = s_dockerfile.FinalStage.Instructions
            .Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments)
            .Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        // Name server, HTTP, and ListenPort + k for the logical brokers the compose stack runs.
        var expected = new[] { defaults.NameServerPort, defaults.HttpPort }
            .Concat(Enumerable.Range(0, brokerCount).Select(k => defaults.ListenPort + k))
            .Order()
            .ToList();

        Assert.Equal(expected, exposed);
    }

    [Fact]
    public void The_container_runs_as_a_non_root_user()
    {
        var user = s_dockerfile.FinalStage.Instructions.Last(i => i.Keyword == "USER").Arguments[0];
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // The .NET images' own non-root user.
        Assert.Equal("$APP_UID", user);
    }

    [Fact]
    public void The_health_check_asks_health_on_the_configured_HTTP_port_defaulting_to_BrokerOptions()
    {
        var check = s_dockerfile.FinalStage.Instructions.Single(i => i.Keyword == "HEALTHCHECK");
        var command = string.Join(' ', check.Arguments);
        var defaultPort = new BrokerOptions().HttpPort.ToString(CultureInfo.InvariantCulture);

        Assert.Equal("CMD", check.Arguments[0]);
        Assert.Contains($"/dev/tcp/127.0.0.1/${{Broker__HttpPort:-{defaultPort}}}", command, StringComparison.Ordinal);
        Assert.Contains("GET /health ", command, StringComparison.Ordinal);
        Assert.Contains("' 200 '", command, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_stage_clears_the_images_default_HTTP_port()
    {
        // The gateway binds its ports in code; ASPNETCORE_HTTP_PORTS=8080 from the base image would only produce a warning.
        Assert.Contains(s_dockerfile.FinalStage.Instructions, i => i.Keyword == "ENV" && i.Text.Trim() == "ENV ASPNETCORE_HTTP_PORTS=");
    }
}
