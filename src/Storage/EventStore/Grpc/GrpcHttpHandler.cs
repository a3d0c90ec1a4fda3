using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>The SocketsHttpHandler every channel uses: HTTP/2 only, keep-alive pings, no cookies, proxies or redirects.</summary>
internal static class GrpcHttpHandler
{
    public static SocketsHttpHandler Create(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // A subscription holds a stream for its whole life; past the server's 100 concurrent streams, open another connection.
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAliveInterval,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.UseTls)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = Validator(options),
            };
        }
        return handler;
    }

    private static RemoteCertificateValidationCallback? Validator(GrpcChannelOptions options)
    {
        if (!options.VerifyServerCertificate)
        {
            return static (_, _, _, _) => true;
        }
        if (options.TrustedRoot is not { } root)
        {
            return null;
        }
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            // Only the chain may fail the system check: rebuild it against the configured CA.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
    }
}
