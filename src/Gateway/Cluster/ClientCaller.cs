using System.Buffers;
using System.Text;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;
using EventBroker.Routing;

namespace EventBroker.Gateway.Cluster;

/// <summary>
/// Sends a broker→client request (CHECK_TRANSACTION_STATE, PUSH_REPLY_MESSAGE_TO_CLIENT, …) to a client by its
/// client id, wherever its connection is: directly when this gateway holds it, otherwise over the routing store's
/// pub/sub to every gateway, and the one holding the connection delivers it. Delivery is fire-and-forget, as the
/// Java broker's oneway calls are; the client's answer (if any) is dropped.
/// </summary>
public sealed partial class ClientCaller(ConnectionRegistry connections, IRoutingStore routing, ILogger<ClientCaller> logger)
{
    public const string Channel = "client-call";
    private IAsyncDisposable? _subscription;

    public async Task StartAsync(CancellationToken ct) =>
        _subscription = await routing.SubscribeAsync(Channel, OnForwarded, ct).ConfigureAwait(false);

    /// <summary>True when the client was found on this gateway; otherwise the request was handed to the others.</summary>
    public async ValueTask<bool> SendAsync(string clientId, RemotingCommand request, bool oneway, CancellationToken ct)
    {
        if (TrySendLocal(clientId, request, oneway))
        {
            return true;
        }
        // Message: client id, newline, the encoded frame.
        var frame = RemotingCommandCodec.EncodeToArray(request);
        var id = Encoding.UTF8.GetBytes(clientId);
        var message = new byte[id.Length + 2 + frame.Length];
        id.CopyTo(message, 0);
        message[id.Length] = (byte)'\n';
        message[id.Length + 1] = oneway ? (byte)1 : (byte)0;
        frame.CopyTo(message, id.Length + 2);
        await routing.PublishAsync(Channel, message, ct).ConfigureAwait(false);
        return false;
    }

    private bool TrySendLocal(string clientId, RemotingCommand request, bool oneway)
    {
        var connection = connections.FindByClientId(clientId).FirstOrDefault();
        if (connection is null)
        {
            return false;
        }
        if (oneway)
        {
            connection.SendOneway(request);
        }
        else
        {
            // A request whose answer nobody waits for: the connection drops the response as an unknown opaque.
            request.Opaque = connection.NextOpaque();
            connection.Send(request);
        }
        return true;
    }

    private void OnForwarded(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        var newline = span.IndexOf((byte)'\n');
        if (newline <= 0 || span.Length < newline + 2)
        {
            return;
        }
        var clientId = Encoding.UTF8.GetString(span[..newline]);
        if (!connections.FindByClientId(clientId).Any())
        {
            return;
        }
        try
        {
            var oneway = span[newline + 1] == 1;
            var sequence = new ReadOnlySequence<byte>(message[(newline + 2)..]);
            if (RemotingFrameReader.TryReadFrame(ref sequence, RemotingFrameReader.DefaultMaxFrameLength, out var frame))
            {
                var request = RemotingCommandCodec.Decode(frame);
                request.Flag &= ~RemotingCommand.OnewayFlag;
                TrySendLocal(clientId, request, oneway);
            }
        }
        catch (RemotingProtocolException ex)
        {
            LogBadForward(ex.Message);
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "Dropped a malformed forwarded client call: {Reason}")]
    private partial void LogBadForward(string reason);
}
