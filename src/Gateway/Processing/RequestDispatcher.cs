using System.Globalization;
using EventBroker.Gateway.Acl;
using EventBroker.Gateway.Filtering;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Storage;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// Routes each request to its processor by code and port (name-server codes on the name-server port, broker codes
/// on a logical broker's port, as RocketMQ's two servers do), and turns failures into the response a client
/// understands: a bad header is code 1, the store being unavailable 14, an unknown code 3.
/// </summary>
public sealed partial class RequestDispatcher(
    NameServerProcessor nameServer,
    SendMessageProcessor send,
    PullMessageProcessor pull,
    ClientManageProcessor clients,
    SendBackProcessor sendBack,
    QueueLockProcessor locks,
    QueryMessageProcessor queries,
    GroupAdminProcessor groupAdmin,
    BrokerConfigProcessor brokerConfig,
    ReplyMessageProcessor replies,
    EndTransactionProcessor transactions,
    OffsetProcessor offsets,
    AdminProcessor admin,
    ResetOffsetProcessor resetOffset,
    ClientConfigChecker clientConfig,
    AclGuard acl,
    ILogger<RequestDispatcher> logger)
{
    /// <summary>Starts processing a request; its response is queued on the connection when ready.</summary>
    public void Dispatch(RemotingCommand request, ClientConnection connection, SemaphoreSlim inFlight)
    {
        ValueTask<RemotingCommand?> pending;
        try
        {
            pending = ProcessAsync(request, connection, connection.Closed);
        }
        catch (Exception ex)
        {
            pending = new ValueTask<RemotingCommand?>(Fail(request, connection, ex));
        }
        if (pending.IsCompleted)
        {
            Complete(request, connection, inFlight, pending);
        }
        else
        {
            _ = AwaitAsync(request, connection, inFlight, pending);
        }
    }

    private async Task AwaitAsync(RemotingCommand request, ClientConnection connection, SemaphoreSlim inFlight, ValueTask<RemotingCommand?> pending)
    {
        RemotingCommand? response;
        try
        {
            response = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            response = Fail(request, connection, ex);
        }
        Finish(request, connection, inFlight, response);
    }

    private void Complete(RemotingCommand request, ClientConnection connection, SemaphoreSlim inFlight, ValueTask<RemotingCommand?> pending)
    {
        RemotingCommand? response;
        try
        {
            response = pending.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            response = Fail(request, connection, ex);
        }
        Finish(request, connection, inFlight, response);
    }

    private static void Finish(RemotingCommand request, ClientConnection connection, SemaphoreSlim inFlight, RemotingCommand? response)
    {
        try
        {
            if (response is not null)
            {
                if (request.IsOneway)
                {
                    response.Dispose();
                }
                else
                {
                    connection.Send(response);
                }
            }
        }
        finally
        {
            request.Dispose();
            try
            {
                inFlight.Release();
            }
            catch (ObjectDisposedException)
            {
                // The connection's read loop has ended.
            }
        }
    }

    private RemotingCommand? Fail(RemotingCommand request, ClientConnection connection, Exception ex)
    {
        switch (ex)
        {
            case OperationCanceledException when connection.IsClosed:
                return null;
            case RemotingProtocolException or FormatException:
                LogBadRequest(connection.Id, connection.RemoteAddress, request.Code, ex.Message);
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, ex.Message);
            case EventBroker.Routing.RoutingUnavailableException:
                LogRoutingUnavailable(request.Code, ex.Message);
                return RemotingCommand.CreateResponse(request, ResponseCode.ServiceNotAvailable, $"[ROUTING_UNAVAILABLE] {ex.Message}");
            case StoreUnavailableException:
                LogStoreUnavailable(request.Code, ex.Message);
                return RemotingCommand.CreateResponse(request, ResponseCode.ServiceNotAvailable, $"[STORE_UNAVAILABLE] {ex.Message}");
            case TimeoutException or OperationCanceledException:
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemBusy, $"[TIMEOUT] the broker could not finish request code {request.Code} in time, try again");
            default:
                LogFailed(ex, request.Code, connection.Id);
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        if (acl.Check(request, connection) is { } refused)
        {
            return new(refused);
        }
        if (connection.Broker is null)
        {
            return (RequestCode)request.Code switch
            {
                RequestCode.GetRouteInfoByTopic => Wrap(nameServer.GetRouteInfoByTopicAsync(request, ct)),
                RequestCode.GetBrokerClusterInfo => Wrap(nameServer.GetBrokerClusterInfoAsync(request, ct)),
                RequestCode.GetAllTopicListFromNameServer or RequestCode.GetTopicsByCluster => Wrap(nameServer.GetTopicListAsync(request, ct)),
                RequestCode.GetKvConfig => Wrap(nameServer.GetKvConfigAsync(request, ct)),
                RequestCode.PutKvConfig => Wrap(nameServer.PutKvConfigAsync(request, ct)),
                RequestCode.DeleteKvConfig => Wrap(nameServer.DeleteKvConfigAsync(request, ct)),
                RequestCode.DeleteTopicInNamesrv => Wrap(admin.DeleteTopicInNameServerAsync(request, ct)),
                _ => new(NotSupported(request)),
            };
        }
        return (RequestCode)request.Code switch
        {
            RequestCode.SendMessage or RequestCode.SendMessageV2 or RequestCode.SendBatchMessage => Wrap(send.SendAsync(request, connection, ct)),
            RequestCode.PullMessage => pull.PullAsync(request, connection, ct),
            RequestCode.ConsumerSendMsgBack => Wrap(sendBack.SendBackAsync(request, connection, ct)),
            RequestCode.LockBatchMq => Wrap(locks.LockAsync(request, ct)),
            RequestCode.UnlockBatchMq => Wrap(locks.UnlockAsync(request, ct)),
            RequestCode.HeartBeat => Wrap(clients.HeartbeatAsync(request, connection, ct)),
            RequestCode.UnregisterClient => Wrap(clients.UnregisterClientAsync(request, ct)),
            RequestCode.GetConsumerListByGroup => Wrap(clients.GetConsumerListByGroupAsync(request, ct)),
            RequestCode.CheckClientConfig => new(clientConfig.Check(request)),
            RequestCode.QueryConsumerOffset => Wrap(offsets.QueryConsumerOffsetAsync(request, connection, ct)),
            RequestCode.UpdateConsumerOffset => Wrap(offsets.UpdateConsumerOffsetAsync(request, connection, ct)),
            RequestCode.SearchOffsetByTimestamp => Wrap(offsets.SearchOffsetByTimestampAsync(request, connection, ct)),
            RequestCode.GetMaxOffset => Wrap(offsets.GetMaxOffsetAsync(request, connection, ct)),
            RequestCode.GetMinOffset => Wrap(offsets.GetMinOffsetAsync(request, connection, ct)),
            RequestCode.GetEarliestMsgStoreTime => Wrap(offsets.GetEarliestMsgStoreTimeAsync(request, connection, ct)),
            RequestCode.UpdateAndCreateTopic => Wrap(admin.UpdateAndCreateTopicAsync(request, ct)),
            RequestCode.DeleteTopicInBroker => Wrap(admin.DeleteTopicAsync(request, ct)),
            RequestCode.GetAllTopicConfig => Wrap(admin.GetAllTopicConfigAsync(request, ct)),
            RequestCode.GetTopicStatsInfo => Wrap(admin.GetTopicStatsInfoAsync(request, connection, ct)),
            RequestCode.GetConsumeStats => Wrap(admin.GetConsumeStatsAsync(request, connection, ct)),
            RequestCode.GetBrokerRuntimeInfo => new(admin.GetBrokerRuntimeInfo(request)),
            RequestCode.ViewMessageById => Wrap(queries.ViewMessageByIdAsync(request, ct)),
            RequestCode.QueryMessage => Wrap(queries.QueryMessageAsync(request, connection, ct)),
            RequestCode.UpdateAndCreateSubscriptionGroup => Wrap(groupAdmin.UpdateAndCreateSubscriptionGroupAsync(request, ct)),
            RequestCode.GetAllSubscriptionGroupConfig => Wrap(groupAdmin.GetAllSubscriptionGroupConfigAsync(request, ct)),
            RequestCode.DeleteSubscriptionGroup => Wrap(groupAdmin.DeleteSubscriptionGroupAsync(request, ct)),
            RequestCode.GetConsumerConnectionList => Wrap(groupAdmin.GetConsumerConnectionListAsync(request, ct)),
            RequestCode.GetProducerConnectionList => Wrap(groupAdmin.GetProducerConnectionListAsync(request, ct)),
            RequestCode.GetAllConsumerOffset => Wrap(groupAdmin.GetAllConsumerOffsetAsync(request, connection, ct)),
            RequestCode.GetAllDelayOffset => Wrap(groupAdmin.GetAllDelayOffsetAsync(request, connection, ct)),
            RequestCode.InvokeBrokerToResetOffset => Wrap(resetOffset.ResetAsync(request, connection, ct)),
            RequestCode.QueryTopicConsumeByWho => Wrap(groupAdmin.QueryTopicConsumeByWhoAsync(request, ct)),
            RequestCode.QueryConsumeTimeSpan => Wrap(groupAdmin.QueryConsumeTimeSpanAsync(request, connection, ct)),
            RequestCode.GetBrokerConfig => new(brokerConfig.GetBrokerConfig(request, connection)),
            RequestCode.UpdateBrokerConfig => new(brokerConfig.UpdateBrokerConfig(request)),
            RequestCode.SendReplyMessage or RequestCode.SendReplyMessageV2 => Wrap(replies.ReplyAsync(request, connection, ct)),
            RequestCode.EndTransaction => Wrap(transactions.EndTransactionAsync(request, connection, ct)),
            _ => new(NotSupported(request)),
        };
    }

    private static RemotingCommand NotSupported(RemotingCommand request) =>
        RemotingCommand.CreateResponse(request, ResponseCode.RequestCodeNotSupported,
            string.Create(CultureInfo.InvariantCulture, $" request type {request.Code} not supported"));

    private static ValueTask<RemotingCommand?> Wrap(ValueTask<RemotingCommand> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<RemotingCommand?>(task.Result);
        }
        return Slow(task);

        static async ValueTask<RemotingCommand?> Slow(ValueTask<RemotingCommand> t) => await t.ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Bad request code {Code} on connection {ConnectionId} from {Remote}: {Reason}")]
    private partial void LogBadRequest(string connectionId, string remote, int code, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Request code {Code} failed: the store is unavailable: {Reason}")]
    private partial void LogStoreUnavailable(int code, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Request code {Code} failed: the routing store is unavailable: {Reason}")]
    private partial void LogRoutingUnavailable(int code, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Request code {Code} on connection {ConnectionId} failed")]
    private partial void LogFailed(Exception ex, int code, string connectionId);
}
