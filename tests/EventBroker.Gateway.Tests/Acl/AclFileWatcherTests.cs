using EventBroker.Gateway.Acl;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Gateway.Tests.Acl;

public sealed class AclFileWatcherTests : IDisposable
{
    private const string OneAccount = "accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n";
    private const string TwoAccounts = OneAccount + "  - accessKey: second_account\n    secretKey: 87654321\n";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-acl-" + Guid.NewGuid().ToString("N"));

    public AclFileWatcherTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string AclFile => Path.Combine(_directory, "plain_acl.yml");

    private AclFileWatcher Watcher(AclRulesHolder holder, TimeSpan debounce, TimeSpan poll) =>
        new(AclFile, enabled: true, holder, NullLogger.Instance, TimeProvider.System, debounce, poll);

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Loads_at_start_and_reloads_when_the_file_changes()
    {
        await File.WriteAllTextAsync(AclFile, OneAccount);
        var holder = new AclRulesHolder();
        using var watcher = Watcher(holder, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        await watcher.StartAsync(default);
        Assert.Single(holder.Current!.Accounts);

        await File.WriteAllTextAsync(AclFile, TwoAccounts);
        await WaitForAsync(() => holder.Current!.Accounts.Count == 2, "the file system watcher to reload");
        Assert.Equal(2, watcher.Loads);
    }

    [Fact]
    public async Task A_file_replaced_by_rename_is_reloaded()
    {
        await File.WriteAllTextAsync(AclFile, OneAccount);
        var holder = new AclRulesHolder();
        using var watcher = Watcher(holder, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        await watcher.StartAsync(default);

        // How editors and config-management tools write: a temporary file moved over the old one.
        var temporary = Path.Combine(_directory, "plain_acl.yml.tmp");
        await File.WriteAllTextAsync(temporary, TwoAccounts);
        File.Move(temporary, AclFile, overwrite: true);
        await WaitForAsync(() => holder.Current!.Accounts.Count == 2, "the renamed file to be loaded");
    }

    [Fact]
    public async Task The_periodic_check_reloads_when_no_event_arrives()
    {
        await File.WriteAllTextAsync(AclFile, OneAccount);
        var holder = new AclRulesHolder();
        // Events are debounced for an hour here, so only the timestamp check can notice the change.
        using var watcher = Watcher(holder, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(200));
        await watcher.StartAsync(default);

        await File.WriteAllTextAsync(AclFile, TwoAccounts);
        File.SetLastWriteTimeUtc(AclFile, DateTime.UtcNow.AddSeconds(5));
        await WaitForAsync(() => holder.Current!.Accounts.Count == 2, "the periodic check to reload");
    }

    [Fact]
    public async Task An_invalid_or_deleted_file_keeps_the_rules_in_force()
    {
        await File.WriteAllTextAsync(AclFile, TwoAccounts);
        var holder = new AclRulesHolder();
        using var watcher = Watcher(holder, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));
        await watcher.StartAsync(default);
        var loaded = holder.Current;

        await File.WriteAllTextAsync(AclFile, "accounts:\n  - accessKey: short\n");
        await Task.Delay(1000);
        Assert.Same(loaded, holder.Current);

        File.Delete(AclFile);
        await Task.Delay(1000);
        Assert.Same(loaded, holder.Current);

        await File.WriteAllTextAsync(AclFile, OneAccount);
        await WaitForAsync(() => holder.Current!.Accounts.Count == 1, "the fixed file to be loaded");
    }

    [Fact]
    public async Task Refuses_to_start_on_a_missing_or_invalid_file()
    {
        using (var missing = Watcher(new AclRulesHolder(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.StartAsync(default));
            Assert.StartsWith($"Broker:aclEnable is true but the ACL file cannot be used: {AclFile} cannot be read", ex.Message, StringComparison.Ordinal);
        }
        await File.WriteAllTextAsync(AclFile, "accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    defaultTopicPerm: READ\n");
        using var invalid = Watcher(new AclRulesHolder(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var invalidEx = await Assert.ThrowsAsync<InvalidOperationException>(() => invalid.StartAsync(default));
        Assert.Contains("defaultTopicPerm is 'READ'", invalidEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_nothing_when_acl_is_off()
    {
        var holder = new AclRulesHolder();
        using var watcher = new AclFileWatcher(AclFile, enabled: false, holder, NullLogger.Instance, TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await watcher.StartAsync(default);
        Assert.Null(holder.Current);
    }
}
