using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class NameServerTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _ns = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync("--Broker:BrokerNames=broker-a,broker-b");
        _ns = await _gateway.ConnectNameServerAsync();
    }

    public async Task DisposeAsync()
    {
        await _ns.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_topic_answers_17_and_TBW102_has_a_route_for_every_logical_broker()
    {
        using var missing = await _ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "NoSuchTopic")));
        Assert.Equal((int)ResponseCode.TopicNotExist, missing.Code);
        Assert.Contains("NoSuchTopic", missing.Remark);

        using var tbw = await _ns.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102")));
        Assert.Equal(0, tbw.Code);
        var route = TopicRouteData.FromJson(tbw.Body.Span);
        Assert.Equal(["broker-a", "broker-b"], route.BrokerDatas.Select(b => b.BrokerName));
        Assert.Equal($"127.0.0.1:{_gateway.ListenPort}", route.BrokerDatas[0].BrokerAddrs[0]);
        Assert.Equal($"127.0.0.1:{_gateway.ListenPort + 1}", route.BrokerDatas[1].BrokerAddrs[0]);
        Assert.All(route.QueueDatas, q => Assert.Equal(7, q.Perm));
        Assert.All(route.QueueDatas, q => Assert.Equal(8, q.WriteQueueNums));
    }

    [Fact]
    public async Task Route_json_is_standard_for_401_and_fastjson_for_older_clients()
    {
        var modern = Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102"));
        modern.Version = 401;
        using var standard = await _ns.InvokeAsync(modern);
        Assert.Contains("\"brokerAddrs\":{\"0\":", Encoding.UTF8.GetString(standard.Body.Span));

        var old = Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102"));
        old.Version = 121;
        using var legacy = await _ns.InvokeAsync(old);
        Assert.Contains("\"brokerAddrs\":{0:", Encoding.UTF8.GetString(legacy.Body.Span));

        var asks = Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102"), ("acceptStandardJsonOnly", "true"));
        asks.Version = 121;
        using var asked = await _ns.InvokeAsync(asks);
        Assert.Contains("\"brokerAddrs\":{\"0\":", Encoding.UTF8.GetString(asked.Body.Span));
    }

    [Fact]
    public async Task Cluster_info_topic_lists_and_kv_config()
    {
        using var cluster = await _ns.InvokeAsync(Requests.Create(RequestCode.GetBrokerClusterInfo));
        var info = ClusterInfo.FromJson(cluster.Body.Span);
        Assert.Equal(["broker-a", "broker-b"], info.ClusterAddrTable["DefaultCluster"].Order(StringComparer.Ordinal)); // a Java Set: hash order

        using var all = await _ns.InvokeAsync(Requests.Create(RequestCode.GetAllTopicListFromNameServer));
        Assert.Contains("TBW102", TopicList.FromJson(all.Body.Span).Topics);
        using var byCluster = await _ns.InvokeAsync(Requests.Create(RequestCode.GetTopicsByCluster, ("cluster", "DefaultCluster")));
        Assert.Contains("TBW102", TopicList.FromJson(byCluster.Body.Span).Topics);

        using var absent = await _ns.InvokeAsync(Requests.Create(RequestCode.GetKvConfig, ("namespace", "ORDER_TOPIC_CONFIG"), ("key", "T")));
        Assert.Equal((int)ResponseCode.QueryNotFound, absent.Code);
        using var put = await _ns.InvokeAsync(Requests.Create(RequestCode.PutKvConfig, ("namespace", "ORDER_TOPIC_CONFIG"), ("key", "T"), ("value", "broker-a:4")));
        Assert.Equal(0, put.Code);
        using var present = await _ns.InvokeAsync(Requests.Create(RequestCode.GetKvConfig, ("namespace", "ORDER_TOPIC_CONFIG"), ("key", "T")));
        Assert.Equal("broker-a:4", present.GetExt("value"));
    }

    [Fact]
    public async Task Unsupported_codes_answer_3_on_both_ports()
    {
        using var onNs = await _ns.InvokeAsync(Requests.Create((RequestCode)9999));
        Assert.Equal((int)ResponseCode.RequestCodeNotSupported, onNs.Code);
        Assert.Equal(" request type 9999 not supported", onNs.Remark);

        await using var broker = await _gateway.ConnectBrokerAsync();
        using var onBroker = await broker.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102")));
        Assert.Equal(" request type 105 not supported", onBroker.Remark);
    }

    [Fact]
    public async Task Binary_header_requests_get_binary_header_responses()
    {
        await using var client = await _gateway.ConnectNameServerAsync();
        client.SerializeType = SerializeType.RocketMq;
        using var response = await client.InvokeAsync(Requests.Create(RequestCode.GetRouteInfoByTopic, ("topic", "TBW102")));
        Assert.Equal(SerializeType.RocketMq, response.SerializeType);
        Assert.Equal(0, response.Code);
    }
}
