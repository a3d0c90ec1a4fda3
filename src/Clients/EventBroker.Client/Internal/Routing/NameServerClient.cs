using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Client.Internal.Routing;

/// <summary>
/// Asks the name servers. Like the Java client it keeps using the server that last answered and moves to the next one
/// when a server cannot be reached.
/// </summary>
internal sealed class NameServerClient
{
    private readonly IRemotingClient _remoting;
    private readonly IReadOnlyList<string> _addresses;
    private readonly TimeSpan _timeout;
    private int _chosen;

    public NameServerClient(IRemotingClient remoting, IReadOnlyList<string> addresses, TimeSpan timeout)
    {
        if (addresses.Count == 0)
        {
            throw new ArgumentException("No name server address: set EventBrokerClientOptions.NameServers or the NAMESRV_ADDR environment variable.");
        }
        _remoting = remoting;
        _addresses = addresses;
        _timeout = timeout;
        _chosen = Random.Shared.Next(addresses.Count);
    }

    public IReadOnlyList<string> Addresses => _addresses;

    /// <summary>The topic's route, or null when the name servers do not know the topic (17 TOPIC_NOT_EXIST).</summary>
    public async Task<TopicRouteData?> GetRouteAsync(string topic, CancellationToken cancellationToken)
    {
        var (response, address) = await InvokeAsync(
            () => Responses.Request(RequestCode.GetRouteInfoByTopic, new GetRouteInfoRequestHeader { Topic = topic }.EncodeTo),
            cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (response.Code == (int)ResponseCode.TopicNotExist)
            {
                return null;
            }
            response.EnsureCode(address);
            return TopicRouteData.FromJson(response.Body.Span);
        }
    }

    public async Task<ClusterInfo> GetClusterInfoAsync(CancellationToken cancellationToken)
    {
        var (response, address) = await InvokeAsync(() => Responses.Request(RequestCode.GetBrokerClusterInfo), cancellationToken).ConfigureAwait(false);
        using (response.EnsureCode(address))
        {
            return ClusterInfo.FromJson(response.Body.Span);
        }
    }

    /// <summary>Sends a fresh request (from <paramref name="create"/>) to each name server in turn until one answers.</summary>
    public async Task<(RemotingCommand Response, string Address)> InvokeAsync(Func<RemotingCommand> create, CancellationToken cancellationToken)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < _addresses.Count; attempt++)
        {
            var index = (Volatile.Read(ref _chosen) + attempt) % _addresses.Count;
            var address = _addresses[index];
            try
            {
                var response = await _remoting.InvokeAsync(address, create(), _timeout, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _chosen, index);
                return (response, address);
            }
            catch (Exception ex) when (Responses.IsTransportFailure(ex))
            {
                last = ex;
            }
        }
        throw new BrokerConnectionException($"no name server answered ({string.Join(", ", _addresses)}): {last!.Message}", last);
    }
}
