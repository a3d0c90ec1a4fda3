using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>A TCP connection, wrapped in TLS when the options ask for it, exposed as a pair of pipes.</summary>
internal sealed class SocketTransport : IRespTransport
{
    private readonly Stream _stream;

    private SocketTransport(Stream stream)
    {
        _stream = stream;
        // leaveOpen: the pipes complete when the session's loops end; the stream closes only on DisposeAsync.
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public static RespTransportFactory Factory(RedisOptions options) => (endpoint, ct) => ConnectAsync(endpoint, options, ct);

    public static async ValueTask<IRespTransport> ConnectAsync(RedisEndpoint endpoint, RedisOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keepalive finds a silently dead peer on the subscriber connection, which otherwise only ever reads.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (!options.Ssl)
            return new SocketTransport(stream);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = options.SslHost ?? endpoint.Host,
                RemoteCertificateValidationCallback = options.CertificateValidation,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new SocketTransport(tls);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
