namespace EventBroker.Gateway.Configuration;

/// <summary>
/// The <c>Broker</c> configuration section. Key names are part of the product's interface: operators set them
/// in appsettings.json, as <c>Broker__Key</c> environment variables or as <c>--Broker:Key=value</c>. Where RocketMQ
/// has a name for a setting, the key is RocketMQ's (binding is case-insensitive).
/// </summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    public string ClusterName { get; set; } = "DefaultCluster";

    /// <summary>Comma-separated logical broker names; logical broker k listens on ListenPort + k.</summary>
    public string BrokerNames { get; set; } = "broker-a";

    public int NameServerPort { get; set; } = 9876;

    public int ListenPort { get; set; } = 10911;

    /// <summary>Health, admin API and dashboard.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The address clients are told to connect to (RocketMQ's brokerIP1).</summary>
    public string BrokerIP1 { get; set; } = "127.0.0.1";

    /// <summary><c>sqlite:path</c> (embedded) or <c>esdb://…</c>.</summary>
    public string Store { get; set; } = "sqlite:./data/eventbroker.db";

    /// <summary>Empty: routing metadata stays in this process (single node).</summary>
    public string Redis { get; set; } = "";

    // RocketMQ's own names.
    public bool AutoCreateTopicEnable { get; set; } = true;

    public int DefaultTopicQueueNums { get; set; } = 8;

    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>ASYNC_FLUSH or SYNC_FLUSH.</summary>
    public string FlushDiskType { get; set; } = "ASYNC_FLUSH";

    /// <summary>Hours a message is kept.</summary>
    public int FileReservedTime { get; set; } = 48;

    /// <summary>Milliseconds a half message waits before its producer is asked about it (RocketMQ's transactionTimeOut).</summary>
    public long TransactionTimeOut { get; set; } = 6_000;

    /// <summary>How many times a producer is asked before the half message is discarded (transactionCheckMax).</summary>
    public int TransactionCheckMax { get; set; } = 15;

    /// <summary>Milliseconds between transaction check runs (transactionCheckInterval).</summary>
    public long TransactionCheckInterval { get; set; } = 60_000;

    /// <summary>
    /// Milliseconds a singleton-job lease (delay scheduler, transaction check, retention) lives without renewal: after a
    /// holder dies, another gateway takes its jobs within this plus SingletonLeaseRenewInterval.
    /// </summary>
    public long SingletonLeaseTtl { get; set; } = 30_000;

    /// <summary>Milliseconds between lease renewals (and acquisition attempts); at most half of SingletonLeaseTtl.</summary>
    public long SingletonLeaseRenewInterval { get; set; } = 10_000;

    /// <summary>Delay of each level, e.g. "1s 5s 10s 30s 1m …" (RocketMQ's messageDelayLevel).</summary>
    public string MessageDelayLevel { get; set; } = Schedule.DelayLevels.Default;

    /// <summary>
    /// Longest delay a timer message (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS) may ask for, in seconds
    /// (RocketMQ's timerMaxDelaySec, whose default is 3 days; ours is 40 days, see docs/decisions.md).
    /// </summary>
    public long TimerMaxDelaySec { get; set; } = DefaultTimerMaxDelaySec;

    public const long DefaultTimerMaxDelaySec = 40L * 24 * 3600;

    /// <summary>
    /// Whether sends may ask for a delivery time (RocketMQ's timerWheelEnable). Off, they are refused with code 1 as
    /// RocketMQ refuses them; messages already in the wheel are still delivered.
    /// </summary>
    public bool TimerWheelEnable { get; set; } = true;

    /// <summary>SQL92 subscriptions; off, as in RocketMQ, they get code 1 "does not support … SQL92".</summary>
    public bool EnablePropertyFilter { get; set; }

    /// <summary>Plain ACL on the broker ports (RocketMQ's aclEnable): every request signed, permissions from AclFile.</summary>
    public bool AclEnable { get; set; }

    /// <summary>The plain_acl.yml; a relative path is taken from the working directory. Reloaded on change.</summary>
    public string AclFile { get; set; } = "./conf/plain_acl.yml";

    public IReadOnlyList<string> GetBrokerNames() =>
        BrokerNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsSyncFlush => string.Equals(FlushDiskType, "SYNC_FLUSH", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem with the settings, each saying which key and what to do.</summary>
    public IEnumerable<string> Validate()
    {
        var names = GetBrokerNames();
        if (names.Count == 0)
        {
            yield return "Broker:BrokerNames is empty: give at least one logical broker name, e.g. broker-a.";
        }
        foreach (var name in names)
        {
            if (!NameRules.IsValidName(name))
            {
                yield return $"Broker:BrokerNames entry '{name}' is not a valid name: use letters, digits, '-' and '_' only.";
            }
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            yield return "Broker:BrokerNames lists a name twice.";
        }
        if (!NameRules.IsValidName(ClusterName))
        {
            yield return $"Broker:ClusterName '{ClusterName}' is not a valid name: use letters, digits, '-' and '_' only.";
        }
        foreach (var (key, port) in new[] { ("NameServerPort", NameServerPort), ("ListenPort", ListenPort), ("HttpPort", HttpPort) })
        {
            if (port is <= 0 or > 65535)
            {
                yield return $"Broker:{key} = {port} is not a TCP port (1-65535).";
            }
        }
        if (ListenPort + names.Count - 1 > 65535)
        {
            yield return $"Broker:ListenPort {ListenPort} + {names.Count} logical brokers runs past port 65535.";
        }
        if (!System.Net.IPAddress.TryParse(BrokerIP1, out _))
        {
            yield return $"Broker:BrokerIP1 '{BrokerIP1}' is not an IP address: give the address clients should connect to.";
        }
        if (DefaultTopicQueueNums is <= 0 or > 1024)
        {
            yield return $"Broker:defaultTopicQueueNums = {DefaultTopicQueueNums} must be between 1 and 1024.";
        }
        if (MaxMessageSize is <= 0 or > 16 * 1024 * 1024 - 64 * 1024)
        {
            yield return $"Broker:maxMessageSize = {MaxMessageSize} must be positive and leave room in a 16 MiB frame.";
        }
        if (!IsSyncFlush && !string.Equals(FlushDiskType, "ASYNC_FLUSH", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Broker:flushDiskType '{FlushDiskType}' must be ASYNC_FLUSH or SYNC_FLUSH.";
        }
        if (FileReservedTime <= 0)
        {
            yield return $"Broker:fileReservedTime = {FileReservedTime} must be a positive number of hours.";
        }
        if (TimerMaxDelaySec is <= 0 or > 3650L * 24 * 3600)
        {
            yield return $"Broker:timerMaxDelaySec = {TimerMaxDelaySec} must be a positive number of seconds, at most 10 years (315360000).";
        }
        string? delayProblem = null;
        try
        {
            Schedule.DelayLevels.Parse(MessageDelayLevel);
        }
        catch (FormatException ex)
        {
            delayProblem = "Broker:" + ex.Message;
        }
        if (delayProblem is not null)
        {
            yield return delayProblem;
        }
        if (SingletonLeaseTtl is < 1000 or > 3_600_000)
        {
            yield return $"Broker:SingletonLeaseTtl = {SingletonLeaseTtl} must be between 1000 and 3600000 ms.";
        }
        if (SingletonLeaseRenewInterval < 100 || SingletonLeaseRenewInterval > SingletonLeaseTtl / 2)
        {
            yield return $"Broker:SingletonLeaseRenewInterval = {SingletonLeaseRenewInterval} must be at least 100 ms and at most half of "
                + $"Broker:SingletonLeaseTtl ({SingletonLeaseTtl} ms), so a holder renews before its lease is considered lost.";
        }
        if (AclEnable && string.IsNullOrWhiteSpace(AclFile))
        {
            yield return "Broker:aclEnable is true but Broker:AclFile is empty: give the path of a plain_acl.yml.";
        }
    }
}

/// <summary>Name rules shared by topics, groups and broker names.</summary>
public static class NameRules
{
    public const int MaxTopicLength = 127;

    /// <summary>RocketMQ's topic pattern <c>^[%|a-zA-Z0-9_-]+$</c>.</summary>
    public static bool IsValidTopic(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > MaxTopicLength)
        {
            return false;
        }
        foreach (var c in topic)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '%' or '|' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 127)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
