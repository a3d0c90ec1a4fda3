using System.Text;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// One <c>accounts</c> entry of plain_acl.yml. Resource permissions are keyed as RocketMQ checks them: topics by
/// name, groups by their retry topic <c>%RETRY%group</c>.
/// </summary>
public sealed class AclAccount
{
    public const string RetryPrefix = "%RETRY%";

    public AclAccount(string accessKey, string secretKey, RemoteAddressPattern whiteRemoteAddress, bool admin,
        byte defaultTopicPerm, byte defaultGroupPerm, IReadOnlyDictionary<string, byte> resourcePerms)
    {
        AccessKey = accessKey;
        SecretKey = secretKey;
        SecretKeyBytes = Encoding.UTF8.GetBytes(secretKey);
        WhiteRemoteAddress = whiteRemoteAddress;
        Admin = admin;
        DefaultTopicPerm = defaultTopicPerm;
        DefaultGroupPerm = defaultGroupPerm;
        ResourcePerms = resourcePerms;
    }

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>The HMAC key: Java signs with the secret key's UTF-8 bytes.</summary>
    internal byte[] SecretKeyBytes { get; }

    public RemoteAddressPattern WhiteRemoteAddress { get; }

    public bool Admin { get; }

    public byte DefaultTopicPerm { get; }

    public byte DefaultGroupPerm { get; }

    public IReadOnlyDictionary<string, byte> ResourcePerms { get; }

    public static bool IsGroupResource(string resource) => resource.StartsWith(RetryPrefix, StringComparison.Ordinal);

    /// <summary>What this account holds on a resource: its own entry, else the topic or group default.</summary>
    public byte PermissionOn(string resource) =>
        ResourcePerms.TryGetValue(resource, out var owned) ? owned : IsGroupResource(resource) ? DefaultGroupPerm : DefaultTopicPerm;
}

/// <summary>A loaded plain_acl.yml: immutable, swapped as a whole when the file changes.</summary>
public sealed class AclRules(IReadOnlyList<RemoteAddressPattern> globalWhiteRemoteAddresses, IReadOnlyDictionary<string, AclAccount> accounts, string source)
{
    public IReadOnlyList<RemoteAddressPattern> GlobalWhiteRemoteAddresses { get; } = globalWhiteRemoteAddresses;

    public IReadOnlyDictionary<string, AclAccount> Accounts { get; } = accounts;

    /// <summary>The file the rules came from, for remarks and logs.</summary>
    public string Source { get; } = source;
}
