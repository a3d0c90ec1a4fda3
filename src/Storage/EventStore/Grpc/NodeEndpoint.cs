using System.Globalization;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>A node's gRPC address: host (name or IP) and port, as gossip advertises it.</summary>
internal readonly record struct NodeEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public Uri ToUri(bool tls) => new($"{(tls ? "https" : "http")}://{ToString()}/");

    public static NodeEndpoint Parse(string text, int defaultPort)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("an empty host");
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                throw new FormatException($"'{text}' opens an IPv6 address with '[' but does not close it");
            }
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                port = text[(close + 1)..].TrimStart(':');
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            (host, port) = colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        }
        if (host.Length == 0)
        {
            throw new FormatException($"'{text}' has no host name");
        }
        if (port is null)
        {
            return new NodeEndpoint(host, defaultPort);
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' has an invalid port '{port}'");
        }
        return new NodeEndpoint(host, p);
    }
}
