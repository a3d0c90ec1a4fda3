using System.Security.Cryptography;
using EventBroker.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// Loads plain_acl.yml at start (a missing or invalid file stops the gateway: better than running open) and
/// reloads it when it changes: a FileSystemWatcher on the file, debounced so an editor's several writes give one
/// reload, plus a periodic check of its timestamp and size for file systems that raise no events (network mounts,
/// some container volumes). A file that no longer parses leaves the previous rules in force and is logged.
/// </summary>
public sealed partial class AclFileWatcher : IHostedService, IDisposable
{
    private static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(5);

    private readonly bool _enabled;
    private readonly AclRulesHolder _holder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _poll;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _debounceTimer;
    private ITimer? _pollTimer;
    private (DateTime WrittenUtc, long Length) _stamp;
    private byte[] _hash = [];
    private int _loads;

    public AclFileWatcher(IOptions<BrokerOptions> options, AclRulesHolder holder, ILogger<AclFileWatcher> logger, TimeProvider time)
        : this(options.Value.AclFile, options.Value.AclEnable, holder, logger, time, DefaultDebounce, DefaultPoll)
    {
    }

    internal AclFileWatcher(string path, bool enabled, AclRulesHolder holder, ILogger logger, TimeProvider time, TimeSpan debounce, TimeSpan poll)
    {
        Path = System.IO.Path.GetFullPath(path);
        _enabled = enabled;
        _holder = holder;
        _logger = logger;
        _time = time;
        _debounce = debounce;
        _poll = poll;
    }

    public string Path { get; }

    /// <summary>Successful loads so far (the first one included).</summary>
    public int Loads => Volatile.Read(ref _loads);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return Task.CompletedTask;
        }
        var problem = TryLoad();
        if (problem is not null)
        {
            throw new InvalidOperationException($"Broker:aclEnable is true but the ACL file cannot be used: {problem}");
        }
        _debounceTimer = _time.CreateTimer(_ => TryReload("changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pollTimer = _time.CreateTimer(_ => PollStamp(), null, _poll, _poll);
        try
        {
            _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.Deleted += (_, _) => ScheduleReload();
            _watcher.Error += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // The periodic check still notices changes.
            LogNoWatcher(Path, ex.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _debounceTimer?.Dispose();
        _pollTimer?.Dispose();
    }

    private void ScheduleReload() => _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);

    private void PollStamp()
    {
        if (StampOf(Path) != _stamp)
        {
            TryReload("its timestamp or size changed");
        }
    }

    private void TryReload(string why)
    {
        var problem = TryLoad();
        if (problem is not null)
        {
            LogKept(Path, why, problem);
        }
    }

    /// <returns>Null when the rules in force are the file's (loaded now or unchanged), else why the file was not used.</returns>
    private string? TryLoad()
    {
        lock (_gate)
        {
            var stamp = StampOf(Path);
            byte[] content;
            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                content = copy.ToArray();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _stamp = stamp;
                return $"{Path} cannot be read: {ex.Message}";
            }
            _stamp = stamp;
            var hash = SHA256.HashData(content);
            if (_holder.Current is not null && hash.AsSpan().SequenceEqual(_hash))
            {
                return null;
            }
            try
            {
                var (rules, warnings) = PlainAclFile.Parse(System.Text.Encoding.UTF8.GetString(content), Path);
                foreach (var warning in warnings)
                {
                    LogWarning(warning);
                }
                _holder.Current = rules;
                _hash = hash;
                Interlocked.Increment(ref _loads);
                LogLoaded(Path, rules.Accounts.Count, rules.GlobalWhiteRemoteAddresses.Count);
                return null;
            }
            catch (AclConfigException ex)
            {
                return ex.Message;
            }
        }
    }

    private static (DateTime, long) StampOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "ACL rules loaded from {Path}: {Accounts} accounts, {GlobalWhite} global white addresses")]
    private partial void LogLoaded(string path, int accounts, int globalWhite);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "ACL file {Path} {Why} but was not loaded; the previous rules stay in force: {Reason}")]
    private partial void LogKept(string path, string why, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "ACL file: {Warning}")]
    private partial void LogWarning(string warning);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "ACL file {Path} is not watched for changes ({Reason}); it is still checked every few seconds")]
    private partial void LogNoWatcher(string path, string reason);
}
