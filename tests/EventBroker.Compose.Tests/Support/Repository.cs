namespace EventBroker.Compose.Tests.Support;

/// <summary>The repository the tests run from: found by walking up from the test binaries to EventBroker.sln.</summary>
public static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string ComposeFilePath => PathOf("compose/docker-compose.yml");

    public static string DockerfilePath => PathOf("Dockerfile");

    public static string DockerIgnorePath => PathOf(".dockerignore");

    public static string GatewayProjectPath => PathOf("src/Gateway/EventBroker.Gateway.csproj");

    /// <summary>An absolute path from a repository-relative one written with '/'.</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The repository-relative form ('/'-separated) of an absolute path inside the repository.</summary>
    public static string Relative(string absolute) => Path.GetRelativePath(Root, absolute).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventBroker.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"EventBroker.sln not found above {AppContext.BaseDirectory}");
    }
}
