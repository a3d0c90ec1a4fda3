using EventBroker.Compose.Tests.Support;

namespace EventBroker.Compose.Tests;

/// <summary>.dockerignore: host build outputs and local state stay out of the context, every source the build needs stays in.</summary>
public sealed class DockerIgnoreTests
{
    private static readonly DockerIgnore s_ignore = DockerIgnore.Load(Repository.DockerIgnorePath);

    [Theory]
    [InlineData("src/Gateway/bin/Release/net10.0/EventBroker.Gateway.dll")]
    [InlineData("src/Storage/obj/project.assets.json")]
    [InlineData("tests/interop/node_modules/ali-ons/package.json")]
    [InlineData("data/eventbroker.db")]
    [InlineData("src/Gateway/data/eventbroker.db")]
    [InlineData(".git/HEAD")]
    [InlineData("tests/EventBroker.Gateway.Tests/TestResults/x.trx")]
    public void Build_outputs_dependencies_local_data_and_history_are_left_out(string path)
    {
        Assert.True(s_ignore.IsExcluded(path), $"{path} would be sent with the build context");
    }

    [Fact]
    public void Every_file_git_keeps_under_src_is_in_the_build_context()
    {
        // What .gitignore leaves out (build outputs, local databases) may be missing from the context too; everything
        // else under src/ is input to the publish.
        var gitIgnore = DockerIgnore.ParseGitIgnore(File.ReadAllLines(Repository.PathOf(".gitignore")));
        var files = KeptFiles(Repository.PathOf("src"), gitIgnore).ToList();

        Assert.Contains("src/Gateway/Program.cs", files);
        Assert.All(files, f => Assert.False(s_ignore.IsExcluded(f), $"{f} is excluded by .dockerignore but the build needs it"));
    }

    /// <summary>Files git keeps; ignored directories (bin, obj) are not entered, so a build running meanwhile cannot disturb the walk.</summary>
    private static IEnumerable<string> KeptFiles(string directory, DockerIgnore gitIgnore)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Select(Repository.Relative).Where(f => !gitIgnore.IsExcluded(f)))
        {
            yield return file;
        }
        foreach (var child in Directory.EnumerateDirectories(directory).Where(d => !gitIgnore.IsExcluded(Repository.Relative(d))))
        {
            foreach (var file in KeptFiles(child, gitIgnore))
            {
                yield return file;
            }
        }
    }

    [Theory]
    [InlineData("global.json")]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    [InlineData(".editorconfig")]
    [InlineData("Dockerfile")]
    public void Root_build_files_are_in_the_build_context(string path)
    {
        Assert.False(s_ignore.IsExcluded(path));
    }
}
