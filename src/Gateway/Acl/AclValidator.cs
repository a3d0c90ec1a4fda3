using System.Net;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// RocketMQ's PlainPermissionManager.validate, in its order: a global white address passes everything; then the
/// AccessKey must name an account; an address matching the account's whiteRemoteAddress passes without signature
/// or permission checks (as in RocketMQ 4.9 and 5.x); then the signature; then admin codes and resource
/// permissions. A refusal is the remark the client gets (code 1, as Java's AclException surfaces): what is wrong,
/// then what to do. RocketMQ's own message opens each remark, so it reads like the Java broker's.
/// </summary>
public static class AclValidator
{
    /// <returns>Null when allowed, else the refusal remark.</returns>
    public static string? Validate(AclRules rules, RemotingCommand request, IPAddress? remote)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(request);
        var address = remote is null ? null : RemoteAddressPattern.Normalize(remote);
        if (address is not null && rules.GlobalWhiteRemoteAddresses.Any(p => p.Matches(address)))
        {
            return null;
        }
        var accessKey = request.GetExt(AclSignature.AccessKeyKey);
        if (accessKey is null)
        {
            return "AclException: No accessKey is configured: this broker has ACL enabled, so every request must carry an AccessKey and a "
                + "Signature made with the account's SecretKey (Java: AclClientRPCHook with SessionCredentials; rocketmq-nodejs: "
                + "setSessionCredentials(accessKey, secretKey, channel); ali-ons: accessKeyId and accessKeySecret)";
        }
        if (!rules.Accounts.TryGetValue(accessKey, out var account))
        {
            return $"AclException: No acl config for {accessKey}: no account of this broker has that AccessKey; use an accessKey from the broker's plain_acl.yml";
        }
        if (address is not null && account.WhiteRemoteAddress.Matches(address))
        {
            return null;
        }
        if (SignatureProblem(request, account) is { } signatureProblem)
        {
            return signatureProblem;
        }
        Dictionary<string, byte> needed;
        try
        {
            needed = AclResources.Derive(request);
        }
        catch (FormatException ex)
        {
            return $"AclException: the request code {request.Code} body cannot be read to find the resources it needs: {ex.Message}";
        }
        return PermissionProblem(request.Code, needed, account);
    }

    private static string? SignatureProblem(RemotingCommand request, AclAccount account)
    {
        var signature = request.GetExt(AclSignature.SignatureKey);
        if (signature is null)
        {
            return $"AclException: Check signature failed for accessKey={account.AccessKey}: the request has no Signature field; sign it with "
                + "Base64(HmacSHA1(secretKey, ext field values sorted by key, then the body))";
        }
        var body = request.Body.Span;
        if (AclSignature.Verify(request.ExtFields, body, account.SecretKeyBytes, signature, AclSignature.UniqueKeyQueryKey))
        {
            return null;
        }
        // The Java client signs QUERY_MESSAGE's _UNIQUE_KEY_QUERY, which the Java broker leaves out: accept both.
        if (request.GetExt(AclSignature.UniqueKeyQueryKey) is not null
            && AclSignature.Verify(request.ExtFields, body, account.SecretKeyBytes, signature, excluded: null))
        {
            return null;
        }
        return $"AclException: Check signature failed for accessKey={account.AccessKey}: the Signature does not match this account's "
            + "secretKey; check the secretKey the client is configured with";
    }

    private static string? PermissionProblem(int code, Dictionary<string, byte> needed, AclAccount account)
    {
        if (needed.TryGetValue(AclResources.TraceTopic, out var trace) && trace == AclPermission.Pub)
        {
            return null;
        }
        if (AclResources.NeedsAdmin(code) && !account.Admin)
        {
            return $"AclException: Need admin permission for request code={code}, but accessKey={account.AccessKey} is not: "
                + "set admin: true on the account in plain_acl.yml to allow it";
        }
        if (account.Admin && account.ResourcePerms.Count == 0)
        {
            return null;
        }
        foreach (var (resource, permission) in needed)
        {
            var owned = account.PermissionOn(resource);
            if (AclPermission.Check(permission, owned))
            {
                continue;
            }
            var isGroup = AclAccount.IsGroupResource(resource);
            var name = isGroup ? resource[AclAccount.RetryPrefix.Length..] : resource;
            var (list, fallback) = isGroup ? ("groupPerms", "defaultGroupPerm") : ("topicPerms", "defaultTopicPerm");
            return $"AclException: No default permission for {(isGroup ? "group" : "topic")}:{name}: accessKey={account.AccessKey} needs "
                + $"{AclPermission.Name(permission)} there but has {AclPermission.Name(owned)}; grant it with {list} entry "
                + $"\"{name}={AclPermission.Name(permission == AclPermission.Any ? AclPermission.Sub : permission)}\" or with {fallback}";
        }
        return null;
    }
}
