using EventBroker.Gateway.Configuration;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Json;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// CHECK_CLIENT_CONFIG (46), which a Java consumer sends at start for every non-TAG subscription, as RocketMQ's
/// ClientManageProcessor.checkClientConfig answers it: 0 for TAG or a compiling SQL92 expression, 1 when the broker
/// does not filter by that type (enablePropertyFilter off), 23 with the parse error otherwise. The body is
/// CheckClientRequestBody: <c>{"clientId":…,"group":…,"subscriptionData":{…}}</c>.
/// </summary>
public sealed class ClientConfigChecker(IOptions<BrokerOptions> options, SqlFilterCache sqlFilters)
{
    public RemotingCommand Check(RemotingCommand request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.IsEmpty)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }
        SubscriptionData? subscription;
        try
        {
            var body = FastJsonReader.Parse(request.Body.Span);
            subscription = body["subscriptionData"] is { IsNull: false } node ? SubscriptionData.FromNode(node) : null;
        }
        catch (FormatException ex)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                $"the CHECK_CLIENT_CONFIG body is not a CheckClientRequestBody JSON: {ex.Message}");
        }
        if (subscription is null || ExpressionTypes.IsTag(subscription.ExpressionType))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }
        if (!options.Value.EnablePropertyFilter)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, ExpressionTypes.NotSupported(subscription.ExpressionType));
        }
        if (!ExpressionTypes.IsSql92(subscription.ExpressionType))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionParseFailed,
                $"unknown expression type {subscription.ExpressionType}: the broker filters by {ExpressionTypes.Tag} or {ExpressionTypes.Sql92}");
        }
        if (string.IsNullOrWhiteSpace(subscription.SubString))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionParseFailed, "the SQL92 expression is empty");
        }
        return sqlFilters.TryGet(subscription.SubString, out _, out var error)
            ? RemotingCommand.CreateResponse(request, ResponseCode.Success)
            : RemotingCommand.CreateResponse(request, ResponseCode.SubscriptionParseFailed,
                $"SQL92 expression \"{subscription.SubString}\": {error!.Message}");
    }
}
