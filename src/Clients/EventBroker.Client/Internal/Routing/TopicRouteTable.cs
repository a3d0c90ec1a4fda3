using System.Collections.Concurrent;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Client.Internal.Routing;

/// <summary>
/// The routes of the topics this client uses and the broker addresses they name (MQClientInstance's topicRouteTable
/// and brokerAddrTable), refreshed from the name servers. A failed or empty refresh keeps the last good route, as the
/// Java client does, so a name-server outage does not stop traffic to known brokers.
/// </summary>
internal sealed class TopicRouteTable
{
    private readonly NameServerClient _nameServers;
    private readonly ConcurrentDictionary<string, RouteEntry> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<long, string>> _brokers = new(StringComparer.Ordinal);

    public TopicRouteTable(NameServerClient nameServers)
    {
        _nameServers = nameServers;
    }

    /// <summary>Raised when a broker address appears that was not known before (the instance heartbeats to it at once).</summary>
    public event Action? BrokersAdded;

    public ICollection<string> Topics => _routes.Keys;

    /// <summary>Fetches the route again; false when the name servers do not know the topic.</summary>
    public async Task<bool> UpdateAsync(string topic, CancellationToken cancellationToken)
    {
        var route = await _nameServers.GetRouteAsync(topic, cancellationToken).ConfigureAwait(false);
        if (route is null)
        {
            return false;
        }
        Store(topic, route, isDefault: false);
        return true;
    }

    /// <summary>
    /// The producer's route for <paramref name="topic"/> (tryToFindTopicPublishInfo): cached, else fetched, else the
    /// auto-create template TBW102's route with its queue counts capped at <paramref name="defaultQueueNums"/>, so the
    /// first send creates the topic on the broker.
    /// </summary>
    public async Task<TopicPublishInfo?> GetPublishInfoAsync(string topic, int defaultQueueNums, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(topic, out var entry) && entry.Publish.IsUsable)
        {
            return entry.Publish;
        }
        if (await UpdateAsync(topic, cancellationToken).ConfigureAwait(false) && _routes[topic].Publish.IsUsable)
        {
            return _routes[topic].Publish;
        }
        var template = await _nameServers.GetRouteAsync(Names.AutoCreateTopic, cancellationToken).ConfigureAwait(false);
        if (template is null)
        {
            return null;
        }
        foreach (var queueData in template.QueueDatas)
        {
            var count = Math.Min(defaultQueueNums, queueData.ReadQueueNums);
            queueData.ReadQueueNums = count;
            queueData.WriteQueueNums = count;
        }
        return Store(topic, template, isDefault: true).Publish;
    }

    /// <summary>The readable queues of a topic, fetching its route when it is not known yet.</summary>
    public async Task<IReadOnlyList<MessageQueue>?> GetSubscribeQueuesAsync(string topic, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(topic, out var entry) && !entry.IsDefault)
        {
            return entry.Subscribe;
        }
        return await UpdateAsync(topic, cancellationToken).ConfigureAwait(false) ? _routes[topic].Subscribe : null;
    }

    public TopicRouteData? GetRoute(string topic) => _routes.TryGetValue(topic, out var entry) ? entry.Route : null;

    /// <summary>The master's address (brokerId 0), else any replica's: MQClientInstance.findBrokerAddressInPublish/Subscribe.</summary>
    public string? FindBrokerAddress(string brokerName)
    {
        if (!_brokers.TryGetValue(brokerName, out var addresses) || addresses.Count == 0)
        {
            return null;
        }
        return addresses.TryGetValue(0, out var master) ? master : addresses.Values.First();
    }

    /// <summary>A broker serving <paramref name="topic"/>, picked at random (findBrokerAddrByTopic).</summary>
    public string? FindAnyBrokerAddress(string topic)
    {
        var route = GetRoute(topic);
        if (route is null || route.BrokerDatas.Count == 0)
        {
            return null;
        }
        var broker = route.BrokerDatas[Random.Shared.Next(route.BrokerDatas.Count)];
        return broker.BrokerAddrs.TryGetValue(0, out var master) ? master : broker.BrokerAddrs.Values.FirstOrDefault();
    }

    /// <summary>Every known broker address: masters only, or every replica too (consumers heartbeat to all).</summary>
    public IReadOnlyList<string> BrokerAddresses(bool mastersOnly)
    {
        var result = new List<string>();
        foreach (var addresses in _brokers.Values)
        {
            foreach (var (id, address) in addresses)
            {
                if ((!mastersOnly || id == 0) && !result.Contains(address))
                {
                    result.Add(address);
                }
            }
        }
        return result;
    }

    private RouteEntry Store(string topic, TopicRouteData route, bool isDefault)
    {
        var entry = new RouteEntry(route, TopicPublishInfo.FromRoute(topic, route), TopicPublishInfo.SubscribeQueues(topic, route), isDefault);
        var previous = _routes.TryGetValue(topic, out var old) ? old : null;
        if (previous is not null && previous.SameAs(entry))
        {
            return previous;
        }
        _routes[topic] = entry;
        var added = false;
        foreach (var broker in route.BrokerDatas)
        {
            var addresses = new SortedDictionary<long, string>(broker.BrokerAddrs);
            if (!_brokers.TryGetValue(broker.BrokerName, out var known) || !addresses.Values.All(known.Values.Contains))
            {
                added = true;
            }
            _brokers[broker.BrokerName] = addresses;
        }
        if (added)
        {
            BrokersAdded?.Invoke();
        }
        return entry;
    }

    private sealed record RouteEntry(TopicRouteData Route, TopicPublishInfo Publish, IReadOnlyList<MessageQueue> Subscribe, bool IsDefault)
    {
        private readonly byte[] _json = Route.ToJson(standardJson: true);

        /// <summary>A refresh that changed nothing keeps the old entry, and with it the round-robin position.</summary>
        public bool SameAs(RouteEntry other) => IsDefault == other.IsDefault && _json.AsSpan().SequenceEqual(other._json);
    }
}
