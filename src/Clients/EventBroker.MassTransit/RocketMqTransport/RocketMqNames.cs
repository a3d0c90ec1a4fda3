using System.Security.Cryptography;
using System.Text;

namespace MassTransit.RocketMqTransport;

/// <summary>RocketMQ names: [%|a-zA-Z0-9_-], at most 127 characters.</summary>
public static class RocketMqNames
{
    public const int MaxLength = 127;

    /// <summary>RocketMQ's dead-letter topic of a consumer group: <c>%DLQ%{group}</c>.</summary>
    public const string DeadLetterTopicPrefix = "%DLQ%";

    /// <summary>A valid topic or group name for any entity name (a message type's URN-ish name, an endpoint name).</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '%' or '|' or '_' or '-' ? c : '_');
        }
        var result = builder.ToString();
        if (result.Length <= MaxLength)
        {
            return result;
        }
        // Too long: keep the end (the type name) and make it unique with a hash of the whole.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];
        return hash + "_" + result[^(MaxLength - hash.Length - 1)..];
    }

    /// <summary>The topic an address names: its last path segment.</summary>
    public static string TopicOf(Uri address)
    {
        var path = address.AbsolutePath.Trim('/');
        var slash = path.LastIndexOf('/');
        var name = slash >= 0 ? path[(slash + 1)..] : path;
        return Sanitize(Uri.UnescapeDataString(name));
    }
}
