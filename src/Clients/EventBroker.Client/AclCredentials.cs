namespace EventBroker.Client;

/// <summary>
/// An account of the broker's plain ACL. Each request then carries <c>AccessKey</c> (and <c>SecurityToken</c>) plus a
/// <c>Signature</c>: Base64(HmacSHA1(SecretKey, the values of all header fields sorted by name, then the body)).
/// </summary>
public sealed record AclCredentials
{
    public AclCredentials()
    {
    }

    public AclCredentials(string accessKey, string secretKey, string? securityToken = null)
    {
        AccessKey = accessKey;
        SecretKey = secretKey;
        SecurityToken = securityToken;
    }

    public string AccessKey { get; init; } = "";

    public string SecretKey { get; init; } = "";

    public string? SecurityToken { get; init; }

    /// <summary>Commercial brokers' channel tag (ali-ons and the C++ client send e.g. <c>ALIYUN</c>); signed like any field.</summary>
    public string? OnsChannel { get; init; }

    // The secret never appears in logs or exception messages.
    public override string ToString() => $"AclCredentials {{ AccessKey = {AccessKey} }}";

    internal void Validate()
    {
        if (string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(SecretKey))
        {
            throw new ArgumentException("AclCredentials need both an AccessKey and a SecretKey.");
        }
    }
}
