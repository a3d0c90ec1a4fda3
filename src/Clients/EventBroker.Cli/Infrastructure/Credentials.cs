using EventBroker.Client;

namespace EventBroker.Cli.Infrastructure;

/// <summary>
/// ACL keys from the flags, else the EVENTBROKER_ACCESS_KEY/EVENTBROKER_SECRET_KEY variables, else the
/// <c>conf/tools.yml</c> under ROCKETMQ_HOME that mqadmin reads. Null when none are set (unsigned requests).
/// </summary>
internal static class Credentials
{
    public static AclCredentials? Resolve(string? accessKey, string? secretKey, Func<string, string?> environment)
    {
        accessKey ??= environment("EVENTBROKER_ACCESS_KEY");
        secretKey ??= environment("EVENTBROKER_SECRET_KEY");
        if (accessKey is null && secretKey is null && environment("ROCKETMQ_HOME") is { Length: > 0 } home)
        {
            (accessKey, secretKey) = ReadToolsYml(Path.Combine(home, "conf", "tools.yml"));
        }
        if (accessKey is null && secretKey is null)
        {
            return null;
        }
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new AdminException("ACL needs both keys: give --accessKey and --secretKey (or EVENTBROKER_ACCESS_KEY and EVENTBROKER_SECRET_KEY)");
        }
        return new AclCredentials(accessKey, secretKey);
    }

    /// <summary>tools.yml is two scalar lines (<c>accessKey: …</c>, <c>secretKey: …</c>); nothing else in it is used.</summary>
    private static (string? AccessKey, string? SecretKey) ReadToolsYml(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }
        string? accessKey = null, secretKey = null;
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var value = line[(colon + 1)..].Trim().Trim('"', '\'');
            switch (line[..colon].Trim())
            {
                case "accessKey": accessKey = value; break;
                case "secretKey": secretKey = value; break;
            }
        }
        return (accessKey, secretKey);
    }
}
