using EventBroker.Gateway.Broker;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>The name-server request codes, answered by every gateway from the routing store.</summary>
public sealed class NameServerProcessor(TopicService topics, RouteService routes, IRoutingStore routing)
{
    /// <summary>NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: where ordered topics' "broker:queues" lists live.</summary>
    private const string OrderTopicNamespace = "ORDER_TOPIC_CONFIG";

    public async ValueTask<RemotingCommand> GetRouteInfoByTopicAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = GetRouteInfoRequestHeader.Decode(request);
        var topic = await topics.GetAsync(header.Topic, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist,
                $"No topic route info in name server for the topic: {header.Topic}");
        }
        var gateways = await routes.GetLiveGatewaysAsync(ct).ConfigureAwait(false);
        var orderConf = await routing.GetKvConfigAsync(OrderTopicNamespace, header.Topic, ct).ConfigureAwait(false);
        var route = routes.BuildRoute(topic, gateways, orderConf);
        // Clients from 4.9.4 (version 401) on, and any that ask, get standard JSON; older ones fastjson's unquoted keys.
        var standard = request.Version >= MQVersion.V4_9_4 || header.AcceptStandardJsonOnly == true;
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = route.ToJson(standard);
        return response;
    }

    public async ValueTask<RemotingCommand> GetBrokerClusterInfoAsync(RemotingCommand request, CancellationToken ct)
    {
        var gateways = await routes.GetLiveGatewaysAsync(ct).ConfigureAwait(false);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = routes.BuildClusterInfo(gateways).ToJson();
        return response;
    }

    /// <summary>206 and 224 (this gateway's cluster holds every topic).</summary>
    public async ValueTask<RemotingCommand> GetTopicListAsync(RemotingCommand request, CancellationToken ct)
    {
        var all = await topics.GetAllAsync(ct).ConfigureAwait(false);
        var list = new TopicList();
        foreach (var t in all)
        {
            list.Topics.Add(t.TopicName);
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = list.ToJson();
        return response;
    }

    public async ValueTask<RemotingCommand> GetKvConfigAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = GetKVConfigRequestHeader.Decode(request);
        var value = await routing.GetKvConfigAsync(header.Namespace, header.Key, ct).ConfigureAwait(false);
        if (value is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound,
                $"No config item, Namespace: {header.Namespace} Key: {header.Key}");
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new GetKVConfigResponseHeader { Value = value }.EncodeTo(response);
        return response;
    }

    public async ValueTask<RemotingCommand> PutKvConfigAsync(RemotingCommand request, CancellationToken ct)
    {
        var ns = Required(request, "namespace");
        var key = Required(request, "key");
        var value = Required(request, "value");
        await routing.PutKvConfigAsync(ns, key, value, ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> DeleteKvConfigAsync(RemotingCommand request, CancellationToken ct)
    {
        await routing.DeleteKvConfigAsync(Required(request, "namespace"), Required(request, "key"), ct).ConfigureAwait(false);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private static string Required(RemotingCommand request, string key) =>
        request.GetExt(key) ?? throw new RemotingProtocolException($"the request header has no '{key}'");
}
