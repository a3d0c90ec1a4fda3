using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace EventBroker.MassTransit.Tests;

/// <summary>
/// <c>dotnet pack</c> of EventBroker.Client and EventBroker.MassTransit gives packages with their metadata, README and
/// symbols, and the MassTransit range that keeps users off the commercially licensed v9. Packs the build the tests run
/// against (--no-build), so it takes seconds.
/// </summary>
public sealed class Packaging_Specs : IDisposable
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    readonly string _output = Path.Combine(Path.GetTempPath(), "eb-pack-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Should_pack_both_packages_with_metadata_readme_symbols_and_the_MassTransit_range()
    {
        var root = RepositoryRoot();
        await Task.WhenAll(
            Pack(Path.Combine(root, "src/Clients/EventBroker.Client/EventBroker.Client.csproj")),
            Pack(Path.Combine(root, "src/Clients/EventBroker.MassTransit/EventBroker.MassTransit.csproj")));

        var client = ReadNuspec("EventBroker.Client");
        var transport = ReadNuspec("EventBroker.MassTransit");
        foreach (var (id, nuspec) in new[] { ("EventBroker.Client", client), ("EventBroker.MassTransit", transport) })
        {
            Assert.Equal(id, Value(nuspec, "id"));
            Assert.Equal("0.1.0", Value(nuspec, "version"));
            Assert.Equal("EventBroker", Value(nuspec, "authors"));
            Assert.Contains("RocketMQ", Value(nuspec, "description"));
            Assert.Contains("rocketmq", Value(nuspec, "tags"));
            Assert.Equal("Apache-2.0", Value(nuspec, "license"));
            Assert.Equal("expression", Element(nuspec, "license").Attribute("type")?.Value);
            Assert.Equal("README.md", Value(nuspec, "readme"));
            // No project or repository URL until the project has a public home (docs/decisions.md): an invented one
            // would send users to somebody else's page. `dotnet pack -p:RepositoryUrl=… -p:PackageProjectUrl=…` adds them.
            Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "projectUrl");
            Assert.Null(Element(nuspec, "repository").Attribute("url"));
            Assert.Matches("^[0-9a-f]{40}$", Element(nuspec, "repository").Attribute("commit")?.Value);
            Assert.True(File.Exists(Path.Combine(_output, $"{id}.0.1.0.snupkg")), $"{id} has no symbol package");
            using var package = ZipFile.OpenRead(Path.Combine(_output, $"{id}.0.1.0.nupkg"));
            Assert.Contains(package.Entries, e => e.FullName == "README.md");
            Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.dll");
        }

        var massTransit = Dependencies(transport).Single(d => d.Attribute("id")?.Value == "MassTransit");
        Assert.Equal("[8.5.12, 9.0.0)", massTransit.Attribute("version")?.Value);
        var onClient = Dependencies(transport).Single(d => d.Attribute("id")?.Value == "EventBroker.Client");
        Assert.Equal("0.1.0", onClient.Attribute("version")?.Value);
        // The protocol assembly ships inside the client package instead of being a dependency of its own.
        Assert.DoesNotContain(Dependencies(client), d => d.Attribute("id")?.Value == "EventBroker.Protocol");
    }

    async Task Pack(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", Configuration, "--no-build", "--no-restore", "-o", _output, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"dotnet pack {Path.GetFileName(project)} failed:\n{await output}\n{await error}");
    }

    XElement ReadNuspec(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_output, $"{id}.0.1.0.nupkg"));
        var entry = package.GetEntry($"{id}.nuspec") ?? throw new InvalidOperationException($"{id}.nupkg has no nuspec");
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    static XElement Element(XElement nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name) ?? throw new InvalidOperationException($"The nuspec has no <{name}>.");

    static string Value(XElement nuspec, string name) => Element(nuspec, name).Value;

    static IEnumerable<XElement> Dependencies(XElement nuspec) => nuspec.Descendants().Where(e => e.Name.LocalName == "dependency");

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventBroker.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No EventBroker.sln above {AppContext.BaseDirectory}.");
    }
}
