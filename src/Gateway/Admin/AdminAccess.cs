using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EventBroker.Gateway.Acl;
using EventBroker.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Admin;

/// <summary>
/// Keeps the admin API and dashboard from being a back door around the plain ACL: with <c>aclEnable</c> on, every
/// request must carry HTTP Basic credentials of an account that plain_acl.yml marks <c>admin: true</c>
/// (user = accessKey, password = secretKey). With the ACL off, the HTTP port is as open as the broker ports.
/// </summary>
public sealed class AdminAccess(IOptions<BrokerOptions> options, AclRulesHolder rules)
{
    public const string Realm = "EventBroker admin";

    public bool Enabled { get; } = options.Value.AclEnable;

    /// <summary>Null when the request may proceed; otherwise the 401/403 to answer.</summary>
    public IResult? Check(HttpContext context)
    {
        if (!Enabled)
        {
            return null;
        }
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var accessKey, out var secretKey))
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Credentials required",
                detail: "aclEnable is on: send HTTP Basic credentials of an admin account from the ACL file (user = accessKey, password = secretKey).");
        }
        var current = rules.Current;
        if (current is null || !current.Accounts.TryGetValue(accessKey, out var account)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secretKey), account.SecretKeyBytes))
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong credentials",
                detail: "The accessKey is not in the ACL file or the secretKey does not match it.");
        }
        if (!account.Admin)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an admin account",
                detail: $"Account '{accessKey}' is not an admin: set 'admin: true' on it in the ACL file, or use an admin account.");
        }
        return null;
    }

    private static bool TryReadBasic(string header, out string accessKey, out string secretKey)
    {
        accessKey = secretKey = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var parsed)
            || !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || parsed.Parameter is null)
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        accessKey = decoded[..colon];
        secretKey = decoded[(colon + 1)..];
        return true;
    }
}
