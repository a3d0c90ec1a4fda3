using System.Security.Cryptography;
using System.Text;
using EventBroker.Protocol;

namespace EventBroker.Client.Internal.Remoting;

/// <summary>
/// RocketMQ's plain-ACL request signing (AclClientRPCHook): AccessKey (and SecurityToken, OnsChannel) join the header
/// fields, then Signature = Base64(HmacSHA1(secretKey, values of every field except Signature, sorted by name in
/// Java String order, concatenated without separators, followed by the body)).
/// </summary>
internal static class AclSigner
{
    public const string AccessKeyField = "AccessKey";
    public const string SecurityTokenField = "SecurityToken";
    public const string SignatureField = "Signature";
    public const string OnsChannelField = "OnsChannel";

    public static void Sign(RemotingCommand request, AclCredentials credentials)
    {
        request.AddExt(AccessKeyField, credentials.AccessKey);
        if (credentials.SecurityToken is { } token)
        {
            request.AddExt(SecurityTokenField, token);
        }
        if (credentials.OnsChannel is { } channel)
        {
            request.AddExt(OnsChannelField, channel);
        }
        request.ExtFields!.Remove(SignatureField);
        request.AddExt(SignatureField, Signature(request.ExtFields, request.Body.Span, credentials.SecretKey));
    }

    /// <summary>The signature over <paramref name="fields"/> (any Signature entry ignored) and <paramref name="body"/>.</summary>
    public static string Signature(IReadOnlyDictionary<string, string> fields, ReadOnlySpan<byte> body, string secretKey)
    {
        var names = new List<string>(fields.Count);
        foreach (var name in fields.Keys)
        {
            if (!string.Equals(name, SignatureField, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }
        // Java's TreeMap orders keys by String.compareTo: UTF-16 code units, which is what ordinal comparison does.
        names.Sort(StringComparer.Ordinal);
        var content = new StringBuilder();
        foreach (var name in names)
        {
            content.Append(fields[name]);
        }
        var text = Encoding.UTF8.GetBytes(content.ToString());
        var data = new byte[text.Length + body.Length];
        text.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(text.Length));
        // HMAC-SHA1 is what the broker verifies; it is the protocol's choice, not a hashing decision of ours.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), data));
#pragma warning restore CA5350
    }
}
