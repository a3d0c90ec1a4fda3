using EventBroker.Compose.Tests.Support;

namespace EventBroker.Compose.Tests;

/// <summary>The readers the checks rely on, on small inputs with known answers: a check is only as good as its parser.</summary>
public sealed class SupportTests
{
    private static readonly Dictionary<string, string> s_noEnvironment = [];

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$$HOME and $${X}", "$HOME and ${X}")]
    [InlineData("${A:-1.2.3.4}:80", "1.2.3.4:80")]
    [InlineData("${A-x}", "x")]
    [InlineData("${A}|$A|", "||")]
    public void Interpolation_without_an_environment_takes_the_defaults(string text, string expected)
    {
        Assert.Equal(expected, ComposeInterpolation.Interpolate(text, s_noEnvironment));
    }

    [Fact]
    public void Interpolation_distinguishes_empty_from_unset_as_compose_does()
    {
        var environment = new Dictionary<string, string> { ["A"] = "", ["B"] = "b" };
        Assert.Equal("d", ComposeInterpolation.Interpolate("${A:-d}", environment));
        Assert.Equal("", ComposeInterpolation.Interpolate("${A-d}", environment));
        Assert.Equal("b", ComposeInterpolation.Interpolate("${B:-d}", environment));

        var uses = new List<VariableUse>();
        ComposeInterpolation.Interpolate("${B:-d} $C", environment, uses);
        Assert.Equal([new VariableUse("B", "d", "${B:-d}"), new VariableUse("C", null, "$C")], uses);
    }

    [Theory]
    [InlineData("${A:?required}")]
    [InlineData("${A:+set}")]
    [InlineData("${A:-${B}}")]
    public void Interpolation_refuses_forms_it_does_not_model(string text)
    {
        Assert.Throws<NotSupportedException>(() => ComposeInterpolation.Interpolate(text, s_noEnvironment));
    }

    [Fact]
    public void Short_port_syntax_with_host_address_ports_ranges_and_protocol()
    {
        Assert.Equal(new PortMapping("127.0.0.1", "${IP:-127.0.0.1}", 9876, 9876, "tcp"), PortMapping.ParseShort("127.0.0.1:9876:9876", "${IP:-127.0.0.1}:9876:9876").Single());
        Assert.Equal(new PortMapping(null, null, 8081, 80, "udp"), PortMapping.ParseShort("8081:80/udp", "8081:80/udp").Single());
        Assert.Equal(new PortMapping(null, null, null, 80, "tcp"), PortMapping.ParseShort("80", "80").Single());
        Assert.Equal(new PortMapping("::1", "::1", 443, 8443, "tcp"), PortMapping.ParseShort("[::1]:443:8443", "[::1]:443:8443").Single());
        Assert.Equal([(10911, 20911), (10912, 20912)], PortMapping.ParseShort("10911-10912:20911-20912", "10911-10912:20911-20912").Select(p => (p.HostPort!.Value, p.ContainerPort)));
        Assert.Throws<FormatException>(() => PortMapping.ParseShort("1-3:1-2", "1-3:1-2"));
        Assert.Throws<FormatException>(() => PortMapping.ParseShort("70000", "70000"));
    }

    [Fact]
    public void Long_port_syntax()
    {
        var fields = new Dictionary<string, string> { ["target"] = "6379", ["published"] = "16379", ["host_ip"] = "127.0.0.1" };
        Assert.Equal(new PortMapping("127.0.0.1", "127.0.0.1", 16379, 6379, "tcp"), PortMapping.ParseLong(fields, fields));
    }

    [Fact]
    public void Compose_files_are_read_with_merge_keys_and_both_forms_of_lists()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compose-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, """
            x-base: &base
              image: redis:7
              environment: &env
                A: "1"
            services:
              one:
                <<: *base
                environment:
                  <<: *env
                  B: ${B:-2}
                depends_on: [two]
                volumes: ["v:/data", "./local:/x"]
                healthcheck:
                  test: redis-cli ping
              two:
                image: redis:7
                environment: ["C=3", "D"]
            volumes:
              v:
            """);
        try
        {
            var file = ComposeFile.Load(path);
            var one = file.Services["one"];

            Assert.Equal("redis:7", one.Image);
            Assert.Equal(new Dictionary<string, string?> { ["A"] = "1", ["B"] = "2" }, one.Environment);
            Assert.Equal("${B:-2}", one.RawEnvironment["B"]);
            Assert.Equal("service_started", one.DependsOn["two"]);
            Assert.Equal(["v"], one.NamedVolumes);
            Assert.Equal(["CMD-SHELL", "redis-cli ping"], one.Healthcheck!.Test);
            Assert.Equal(new Dictionary<string, string?> { ["C"] = "3", ["D"] = null }, file.Services["two"].Environment);
            Assert.Equal(["v"], file.DeclaredVolumes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dockerfiles_are_read_with_continuations_flags_forms_and_stages()
    {
        var file = Dockerfile.Parse("""
            # syntax=docker/dockerfile:1
            ARG V=1
            FROM image:1 AS build
            # a comment
            RUN a \
                # inside a continuation
                b
            COPY --chown=app x.txt y/ ./
            FROM image:2
            COPY --from=build /out ./
            HEALTHCHECK --interval=5s CMD ["sh", "-c", "true"]
            ENTRYPOINT ["dotnet", "x.dll"]
            CMD echo hi
            """);

        Assert.Equal(["image:1", "image:2"], file.Stages.Select(s => s.BaseImage));
        Assert.Equal("build", file.Stages[0].Name);
        Assert.Null(file.Stages[1].Name);
        var run = file.Stages[0].Instructions.Single(i => i.Keyword == "RUN");
        Assert.Equal(["a", "b"], run.Arguments);
        var copy = file.Stages[0].Instructions.Single(i => i.Keyword == "COPY");
        Assert.Equal("app", copy.Flags["chown"]);
        Assert.Equal(["x.txt", "y/", "./"], copy.Arguments);
        Assert.Equal("build", file.FinalStage.Instructions.Single(i => i.Keyword == "COPY").Flags["from"]);
        var check = file.FinalStage.Instructions.Single(i => i.Keyword == "HEALTHCHECK");
        Assert.Equal("5s", check.Flags["interval"]);
        Assert.Equal(["CMD", "sh", "-c", "true"], check.Arguments);
        Assert.True(file.FinalStage.Instructions.Single(i => i.Keyword == "ENTRYPOINT").IsExecForm);
        Assert.False(file.FinalStage.Instructions.Single(i => i.Keyword == "CMD").IsExecForm);
        Assert.Throws<FormatException>(() => Dockerfile.Parse("RUN x"));
    }

    [Theory]
    [InlineData("**/bin", "src/A/bin/x.dll", true)]
    [InlineData("**/bin", "bin/x.dll", true)]
    [InlineData("**/bin", "src/binary/x", false)]
    [InlineData("data", "data/x.db", true)]
    [InlineData("data", "src/data/x.db", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/a.md", false)]
    [InlineData("**/*.md", "docs/a.md", true)]
    [InlineData("/.git/", ".git/HEAD", true)]
    [InlineData("src/?/x", "src/a/x", true)]
    public void Dockerignore_patterns_match_like_BuildKit(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse([pattern]).IsExcluded(path));
    }

    [Fact]
    public void Dockerignore_exceptions_and_gitignore_depth()
    {
        var ignore = DockerIgnore.Parse(["**/*.md", "!README.md"]);
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.True(ignore.IsExcluded("docs/a.md"));

        var git = DockerIgnore.ParseGitIgnore(["bin/", "/artifacts/", "*.db"]);
        Assert.True(git.IsExcluded("src/A/bin/x"));
        Assert.True(git.IsExcluded("artifacts/x"));
        Assert.False(git.IsExcluded("src/artifacts/x"));
        Assert.True(git.IsExcluded("data/a.db"));
    }

    [Fact]
    public void EventStoreDB_connection_strings()
    {
        var (hosts, settings, discover) = StoreAddresses.ParseEventStore("esdb://admin:changeit@a:2113,b,c:2114/?tls=false&nodePreference=leader");
        Assert.Equal([new HostPort("a", 2113), new HostPort("b", 2113), new HostPort("c", 2114)], hosts);
        Assert.Equal("false", settings["TLS"]);
        Assert.False(discover);
        Assert.True(StoreAddresses.ParseEventStore("esdb+discover://seed:2113").Discover);
        Assert.Throws<FormatException>(() => StoreAddresses.ParseEventStore("sqlite:./data/x.db"));
    }

    [Fact]
    public void Redis_configuration_strings()
    {
        Assert.Equal([new HostPort("redis", 6379), new HostPort("r2", 7000)], StoreAddresses.ParseRedis("redis,r2:7000,password=a:b,ssl=true"));
    }
}
