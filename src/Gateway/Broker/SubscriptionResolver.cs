using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Filtering;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Json;
using EventBroker.Routing;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Finds the subscription a pull filters by: the one in the request (C++ and ali-ons, sysFlag bit 4), or the one
/// the group declared in its heartbeat (the Java push consumer pulls with sysFlag 2 and no subscription).
/// SQL92 subscriptions pass only with <c>enablePropertyFilter</c> and an expression that compiles.
/// </summary>
public sealed class SubscriptionResolver(IRoutingStore routing, IOptions<BrokerOptions> options, SqlFilterCache sqlFilters)
{
    // The last subscription resolved per (group, topic): pulls keep working while the routing store is unreachable.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Group, string Topic), SubscriptionData> _lastKnown = new();

    public const string TagExpression = "TAG";
    public const string Sql92Expression = "SQL92";

    public enum Outcome
    {
        Found,
        GroupUnknown,
        TopicNotSubscribed,
        Stale,
        ParseFailed,
        Unsupported,
    }

    /// <summary>RocketMQ's FilterAPI.buildSubscriptionData: tags split on "||", trimmed; "*" or empty means all.</summary>
    public static SubscriptionData FromExpression(string topic, string? expression, string? expressionType, long subVersion)
    {
        var data = new SubscriptionData { Topic = topic, SubVersion = subVersion, ExpressionType = expressionType ?? TagExpression };
        if (string.IsNullOrWhiteSpace(expression) || expression.Trim() == SubscriptionData.SubAll)
        {
            data.SubString = SubscriptionData.SubAll;
            return data;
        }
        data.SubString = expression;
        foreach (var part in expression.Split("||"))
        {
            var tag = part.Trim();
            if (tag.Length > 0 && data.TagsSet.Add(tag))
            {
                data.CodeSet.Add(JavaString.HashCode(tag));
            }
        }
        return data;
    }

    public async ValueTask<(Outcome Outcome, SubscriptionData? Data, string? Error)> ResolveAsync(
        string group, string topic, bool inRequest, string? expression, string? expressionType, long subVersion, CancellationToken ct)
    {
        if (inRequest)
        {
            if (!ExpressionTypes.IsTag(expressionType))
            {
                var problem = CheckExpression(expressionType, expression);
                return problem.Outcome == Outcome.Found
                    ? (Outcome.Found, new SubscriptionData { Topic = topic, SubString = expression!, SubVersion = subVersion, ExpressionType = Sql92Expression }, null)
                    : (problem.Outcome, null, problem.Error);
            }
            return (Outcome.Found, FromExpression(topic, expression, expressionType, subVersion), null);
        }
        IReadOnlyList<ConsumerMember> members;
        try
        {
            members = await routing.GetConsumersAsync(group, ct).ConfigureAwait(false);
        }
        catch (RoutingUnavailableException) when (_lastKnown.TryGetValue((group, topic), out var known))
        {
            return (Outcome.Found, known, null);
        }
        if (members.Count == 0)
        {
            return (Outcome.GroupUnknown, null, $"the consumer's group info not exist, group: {group}");
        }
        SubscriptionData? held = null;
        foreach (var member in members)
        {
            foreach (var sub in member.Data.SubscriptionDataSet)
            {
                if (sub.Topic == topic && (held is null || sub.SubVersion > held.SubVersion))
                {
                    held = sub;
                }
            }
        }
        if (held is null)
        {
            return (Outcome.TopicNotSubscribed, null, $"the consumer's subscription not exist, group: {group} topic: {topic}");
        }
        if (held.SubVersion < subVersion)
        {
            return (Outcome.Stale, null, $"the consumer's subscription not latest, group: {group} topic: {topic}");
        }
        if (!ExpressionTypes.IsTag(held.ExpressionType))
        {
            // A heartbeat is accepted whatever its expression (as RocketMQ does); the pull reports the problem.
            var problem = CheckExpression(held.ExpressionType, held.SubString);
            if (problem.Outcome != Outcome.Found)
            {
                return (problem.Outcome, null, problem.Error);
            }
        }
        else if (held.TagsSet.Count == 0 && held.SubString != SubscriptionData.SubAll)
        {
            // C++ 3.0 heartbeats omit tagsSet/codeSet: derive them from the expression.
            held = FromExpression(topic, held.SubString, held.ExpressionType, held.SubVersion);
        }
        _lastKnown[(group, topic)] = held;
        return (Outcome.Found, held, null);
    }

    /// <summary>The filter of a subscription <see cref="ResolveAsync"/> found: SQL92 ones come compiled from the cache.</summary>
    public MessageFilter FilterFor(SubscriptionData subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (ExpressionTypes.IsSql92(subscription.ExpressionType) && sqlFilters.TryGet(subscription.SubString, out var sql, out _))
        {
            return sql;
        }
        return new TagFilter(subscription);
    }

    private (Outcome Outcome, string? Error) CheckExpression(string? expressionType, string? expression)
    {
        if (!ExpressionTypes.IsSql92(expressionType) || !options.Value.EnablePropertyFilter)
        {
            return (Outcome.Unsupported, ExpressionTypes.NotSupported(expressionType));
        }
        if (string.IsNullOrWhiteSpace(expression))
        {
            return (Outcome.ParseFailed, "parse the consumer's subscription failed: the SQL92 expression is empty");
        }
        return sqlFilters.TryGet(expression, out _, out var error)
            ? (Outcome.Found, null)
            : (Outcome.ParseFailed, $"parse the consumer's subscription failed: SQL92 expression \"{expression}\": {error!.Message}");
    }
}
