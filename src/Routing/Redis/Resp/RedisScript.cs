using System.Security.Cryptography;
using System.Text;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// A Lua script and its SHA1, computed once here rather than asked of the server (SCRIPT LOAD), so the first call
/// can already be EVALSHA. The server's script cache is lost on restart or SCRIPT FLUSH; the connection then falls
/// back to EVAL, which caches the script again.
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public string Text { get; }

    /// <summary>Lower-case hex, as Redis reports it.</summary>
    public string Sha1 { get; }
}
