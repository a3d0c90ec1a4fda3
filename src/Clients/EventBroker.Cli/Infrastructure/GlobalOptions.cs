using System.CommandLine;

namespace EventBroker.Cli.Infrastructure;

/// <summary>The options every subcommand takes (declared once on the root, recursive).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> NameServer { get; } = new("--namesrvAddr", "-n")
    {
        Description = "Name server address list, e.g. 127.0.0.1:9876;192.168.0.1:9876 (default: NAMESRV_ADDR, else 127.0.0.1:9876)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document instead of tables (stable camelCase field names, for scripts)",
        Recursive = true,
    };

    public Option<string?> AccessKey { get; } = new("--accessKey")
    {
        Description = "ACL access key (default: EVENTBROKER_ACCESS_KEY, else accessKey in $ROCKETMQ_HOME/conf/tools.yml)",
        Recursive = true,
    };

    public Option<string?> SecretKey { get; } = new("--secretKey")
    {
        Description = "ACL secret key (default: EVENTBROKER_SECRET_KEY, else secretKey in $ROCKETMQ_HOME/conf/tools.yml)",
        Recursive = true,
    };

    public Option<int> TimeoutMillis { get; } = new("--timeoutMillis")
    {
        Description = "Time for each request to the name server or a broker, in milliseconds",
        Recursive = true,
        DefaultValueFactory = _ => 3000,
    };

    public void AddTo(Command root)
    {
        root.Add(NameServer);
        root.Add(Json);
        root.Add(AccessKey);
        root.Add(SecretKey);
        root.Add(TimeoutMillis);
    }
}
