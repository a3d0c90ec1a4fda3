using System.IO.Pipelines;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// The byte stream a session speaks over. Sockets in production; pipe pairs in the server-less tests, which see the
/// exact request bytes and feed canned replies. Disposing it breaks a pending read or write (closes the socket).
/// </summary>
internal interface IRespTransport : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }
}

/// <summary>Opens a transport to one server; the connection attempt's token bounds it.</summary>
internal delegate ValueTask<IRespTransport> RespTransportFactory(RedisEndpoint endpoint, CancellationToken cancellationToken);
