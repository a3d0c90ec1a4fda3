using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Routing;

namespace EventBroker.Gateway.Processing;

/// <summary>HEART_BEAT, UNREGISTER_CLIENT and GET_CONSUMER_LIST_BY_GROUP.</summary>
public sealed class ClientManageProcessor(ClientRegistry clients, GroupService groups, TopicService topics, IRoutingStore routing)
{
    public async ValueTask<RemotingCommand> HeartbeatAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        HeartbeatData heartbeat;
        try
        {
            heartbeat = HeartbeatData.FromJson(request.Body.Span);
        }
        catch (FormatException ex)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"the heartbeat body is not valid HeartbeatData JSON: {ex.Message}");
        }
        if (string.IsNullOrEmpty(heartbeat.ClientID))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, "the heartbeat has no clientID");
        }
        connection.ClientId = heartbeat.ClientID;
        connection.Language = request.Language;
        connection.Version = request.Version;

        foreach (var consumer in heartbeat.ConsumerDataSet)
        {
            if (string.IsNullOrEmpty(consumer.GroupName))
            {
                continue;
            }
            var group = await groups.GetOrCreateAsync(consumer.GroupName, ct).ConfigureAwait(false);
            // The retry topic exists from the first heartbeat on, so the consumer's route lookup for it succeeds.
            await topics.CreateSystemManagedAsync(TopicService.RetryGroupTopicPrefix + consumer.GroupName, Math.Max(1, group.RetryQueueNums), ct).ConfigureAwait(false);
            await clients.RegisterConsumerAsync(connection, heartbeat.ClientID, consumer, ct).ConfigureAwait(false);
        }
        foreach (var producer in heartbeat.ProducerDataSet)
        {
            if (!string.IsNullOrEmpty(producer.GroupName))
            {
                await clients.RegisterProducerAsync(connection, heartbeat.ClientID, producer.GroupName, ct).ConfigureAwait(false);
            }
        }
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> UnregisterClientAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = UnregisterClientRequestHeader.Decode(request);
        if (!string.IsNullOrEmpty(header.ProducerGroup))
        {
            await clients.UnregisterProducerAsync(header.ProducerGroup, header.ClientID, ct).ConfigureAwait(false);
        }
        if (!string.IsNullOrEmpty(header.ConsumerGroup))
        {
            await clients.UnregisterConsumerAsync(header.ConsumerGroup, header.ClientID, ct).ConfigureAwait(false);
        }
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    public async ValueTask<RemotingCommand> GetConsumerListByGroupAsync(RemotingCommand request, CancellationToken ct)
    {
        var header = GetConsumerListByGroupRequestHeader.Decode(request);
        var members = await routing.GetConsumersAsync(header.ConsumerGroup, ct).ConfigureAwait(false);
        if (members.Count == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"no consumer for this group, {header.ConsumerGroup}");
        }
        var body = new GetConsumerListByGroupResponseBody();
        foreach (var member in members)
        {
            body.ConsumerIdList.Add(member.Client.ClientId);
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.Body = body.ToJson();
        return response;
    }
}
