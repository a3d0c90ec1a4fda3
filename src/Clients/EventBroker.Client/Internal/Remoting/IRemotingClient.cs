using EventBroker.Protocol;

namespace EventBroker.Client.Internal.Remoting;

/// <summary>
/// Request/response over pooled connections, by address. The one seam between the client's logic and the network:
/// unit tests substitute canned answers for it.
/// </summary>
internal interface IRemotingClient
{
    /// <summary>Sends <paramref name="request"/> and returns the response (code not checked); the caller disposes it.</summary>
    /// <param name="timeout">Time for the response; <see cref="Timeout.InfiniteTimeSpan"/> leaves it to the token.</param>
    /// <exception cref="BrokerConnectionException">No connection, or it closed before the response.</exception>
    /// <exception cref="BrokerTimeoutException">No response in time.</exception>
    Task<RemotingCommand> InvokeAsync(string address, RemotingCommand request, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Queues <paramref name="request"/> with the oneway flag; the server sends no response.</summary>
    ValueTask InvokeOnewayAsync(string address, RemotingCommand request, CancellationToken cancellationToken);
}

/// <summary>Handles requests a server sends to the client on one of its connections (codes 39, 40, 220, 221, 307, 309, 326).</summary>
internal interface IServerRequestHandler
{
    /// <param name="address">The address the connection was opened to: where a check-back's answer goes.</param>
    /// <returns>The response, or null for none (oneway requests, and those Java answers with null).</returns>
    ValueTask<RemotingCommand?> HandleAsync(string address, RemotingCommand request, CancellationToken cancellationToken);
}
