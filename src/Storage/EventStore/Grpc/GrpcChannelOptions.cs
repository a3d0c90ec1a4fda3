using System.Security.Cryptography.X509Certificates;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>How the HTTP/2 connections to every node are made.</summary>
internal sealed record GrpcChannelOptions
{
    /// <summary>TLS with ALPN h2 when true; h2c (plain HTTP/2 with prior knowledge) when false.</summary>
    public bool UseTls { get; init; } = true;

    /// <summary>False accepts any server certificate (EventStoreDB's <c>tlsVerifyCert=false</c>, for self-signed test nodes).</summary>
    public bool VerifyServerCertificate { get; init; } = true;

    /// <summary>A CA the server's certificate must chain to, instead of the system store (<c>tlsCaFile</c>).</summary>
    public X509Certificate2? TrustedRoot { get; init; }

    /// <summary>The Authorization header value (Basic …), sent only over TLS.</summary>
    public string? Authorization { get; init; }

    /// <summary>HTTP/2 PING after this much silence; <see cref="Timeout.InfiniteTimeSpan"/> turns pings off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection is dropped when a PING is not acknowledged within this.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Shown in the server's logs (<c>connection-name</c>).</summary>
    public string? ConnectionName { get; init; }

    /// <summary>Largest response message accepted; the server's own write limit is about 16 MiB.</summary>
    public int MaxReceiveMessageLength { get; init; } = 17 * 1024 * 1024;

    public string UserAgent { get; init; } = "eventbroker-esdb/1.0";
}
