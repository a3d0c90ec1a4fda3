using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Redis;

/// <summary>The store's Lua scripts (Scripts/*.lua, embedded), each one atomic step on the server.</summary>
internal static class RoutingScripts
{
    public static readonly RedisScript HashGetOrAdd = Load("hash-get-or-add");
    public static readonly RedisScript CommitOffset = Load("commit-offset");
    public static readonly RedisScript RestoreOffset = Load("restore-offset");
    public static readonly RedisScript DeleteOffsets = Load("delete-offsets");
    public static readonly RedisScript RegisterMember = Load("register-member");
    public static readonly RedisScript UnregisterMember = Load("unregister-member");
    public static readonly RedisScript ExpireMembers = Load("expire-members");
    public static readonly RedisScript ListGroups = Load("list-groups");
    public static readonly RedisScript RegisterGateway = Load("register-gateway");
    public static readonly RedisScript UnregisterGateway = Load("unregister-gateway");
    public static readonly RedisScript ListGateways = Load("list-gateways");
    public static readonly RedisScript LockQueues = Load("lock-queues");
    public static readonly RedisScript UnlockQueues = Load("unlock-queues");
    public static readonly RedisScript AcquireLease = Load("acquire-lease");
    public static readonly RedisScript ReleaseLease = Load("release-lease");

    private static RedisScript Load(string name)
    {
        var resource = $"EventBroker.Routing.Redis.Scripts.{name}.lua";
        using var stream = typeof(RoutingScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return new RedisScript(reader.ReadToEnd());
    }
}
