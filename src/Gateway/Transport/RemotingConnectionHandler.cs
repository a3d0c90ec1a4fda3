using System.IO.Pipelines;
using System.Net;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Processing;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;
using Microsoft.AspNetCore.Connections;

namespace EventBroker.Gateway.Transport;

/// <summary>
/// Reads remoting frames off one connection and hands each request to the dispatcher without waiting for it, so a
/// long-polling pull never holds up a send on the same connection. Knows frames, not topics. A malformed frame
/// closes the connection with one log line; nothing else on the node is affected.
/// </summary>
public sealed partial class RemotingConnectionHandler(
    IServiceProvider services,
    ConnectionRegistry registry,
    BrokerTopology topology,
    ILogger<RemotingConnectionHandler> logger) : ConnectionHandler
{
    /// <summary>Requests of one connection being processed at once; past this, reading pauses (back-pressure).</summary>
    private const int MaxInFlightPerConnection = 4096;

    // Kestrel creates connection handlers while the host is built, before the stores are open: the dispatcher (and
    // everything behind it) is resolved when the first connection arrives.
    private RequestDispatcher? _dispatcher;

    private RequestDispatcher Dispatcher => _dispatcher ??= services.GetRequiredService<RequestDispatcher>();

    public override async Task OnConnectedAsync(ConnectionContext context)
    {
        var localPort = (context.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        var connection = new ClientConnection(context.ConnectionId, context.RemoteEndPoint, topology.FindByPort(localPort), context.Abort);
        registry.Add(connection);
        var writer = connection.RunWriterAsync(context.Transport.Output);
        string? closeReason = null;
        try
        {
            await ReadRequestsAsync(context.Transport.Input, connection, context.ConnectionClosed).ConfigureAwait(false);
        }
        catch (RemotingProtocolException ex)
        {
            closeReason = ex.Message;
        }
        catch (ConnectionResetException)
        {
            // The client went away: an ordinary close.
        }
        catch (IOException ex)
        {
            closeReason = "I/O error: " + ex.Message;
        }
        catch (OperationCanceledException) when (context.ConnectionClosed.IsCancellationRequested || connection.IsClosed)
        {
        }
        catch (ConnectionAbortedException) when (connection.IsClosed)
        {
            // Closed by the gateway itself (shutdown).
        }
        finally
        {
            connection.Close();
            await writer.ConfigureAwait(false);
            await context.Transport.Output.CompleteAsync().ConfigureAwait(false);
            registry.Remove(connection);
        }
        if (closeReason is not null)
        {
            LogRefused(connection.Id, connection.RemoteAddress, closeReason);
        }
        else
        {
            LogClosed(connection.Id, connection.RemoteAddress, connection.ClientId);
        }
    }

    private async Task ReadRequestsAsync(PipeReader input, ClientConnection connection, CancellationToken closed)
    {
        using var inFlight = new SemaphoreSlim(MaxInFlightPerConnection);
        while (true)
        {
            var result = await input.ReadAsync(closed).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame))
                {
                    var command = RemotingCommandCodec.Decode(frame);
                    if (command.IsResponse)
                    {
                        connection.CompleteResponse(command);
                        continue;
                    }
                    if (!inFlight.Wait(0))
                    {
                        await inFlight.WaitAsync(closed).ConfigureAwait(false);
                    }
                    Dispatcher.Dispatch(command, connection, inFlight);
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new RemotingProtocolException($"the connection ended inside a frame ({buffer.Length} bytes of an incomplete frame)");
                    }
                    return;
                }
            }
            finally
            {
                // Consumed up to the last whole frame; examined everything, so the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Closed connection {ConnectionId} from {Remote}: {Reason}")]
    private partial void LogRefused(string connectionId, string remote, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {Remote} (client {ClientId}) closed")]
    private partial void LogClosed(string connectionId, string remote, string? clientId);
}
