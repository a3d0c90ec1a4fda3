using System.CommandLine;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Cli.Commands;

/// <summary>updateSubGroup, deleteSubGroup: subscription-group configs on brokers.</summary>
internal static class GroupCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return UpdateSubGroup(factory);
        yield return DeleteSubGroup(factory);
    }

    private static Command UpdateSubGroup(AdminCommand factory)
    {
        var brokerAddr = Opt.Of<string?>("b", "brokerAddr", "create subscription group to which broker");
        var cluster = Opt.Of<string?>("c", "clusterName", "create subscription group to which cluster");
        var group = Opt.Of<string>("g", "groupName", "consumer group name", required: true);
        var consumeEnable = Opt.Of("s", "consumeEnable", "consume enable", true);
        var fromMin = Opt.Of("m", "consumeFromMinEnable", "from min offset", true);
        var broadcast = Opt.Of("d", "consumeBroadcastEnable", "broadcast", true);
        var retryQueues = Opt.Of("q", "retryQueueNums", "retry queue nums", 1);
        var retryMax = Opt.Of("r", "retryMaxTimes", "retry max times", 16);
        var brokerId = Opt.Of("i", "brokerId", "consumer from which broker id", 0L);
        var slowBroker = Opt.Of("w", "whichBrokerWhenConsumeSlowly", "which broker id when consume slowly", 1L);
        var notify = Opt.Of("a", "notifyConsumerIdsChanged", "notify consumerId changed", true);
        return factory.Create("updateSubGroup", "Update or create subscription group", async ctx =>
        {
            var name = ctx.Require(group);
            Names.ValidateGroup(name);
            var config = new SubscriptionGroupConfig
            {
                GroupName = name,
                ConsumeEnable = ctx.Get(consumeEnable),
                ConsumeFromMinEnable = ctx.Get(fromMin),
                ConsumeBroadcastEnable = ctx.Get(broadcast),
                RetryQueueNums = ctx.Get(retryQueues),
                RetryMaxTimes = ctx.Get(retryMax),
                BrokerId = ctx.Get(brokerId),
                WhichBrokerWhenConsumeSlowly = ctx.Get(slowBroker),
                NotifyConsumerIdsChangedEnable = ctx.Get(notify),
            };
            if (config.RetryQueueNums < 0 || config.RetryMaxTimes < 0)
            {
                throw new AdminException($"-q/--retryQueueNums and -r/--retryMaxTimes cannot be negative (got {config.RetryQueueNums} and {config.RetryMaxTimes})");
            }
            var targets = await BrokerTargets.ResolveAsync(ctx, ctx.Get(brokerAddr), ctx.Get(cluster)).ConfigureAwait(false);
            var body = config.ToJson();
            foreach (var (_, address) in targets.Brokers)
            {
                using var _ = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.UpdateAndCreateSubscriptionGroup, body: body), ctx.Cancellation).ConfigureAwait(false);
                if (!ctx.Output.Json)
                {
                    ctx.Output.Line($"create subscription group to {address} success.");
                }
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    groupName = config.GroupName,
                    consumeEnable = config.ConsumeEnable,
                    consumeFromMinEnable = config.ConsumeFromMinEnable,
                    consumeBroadcastEnable = config.ConsumeBroadcastEnable,
                    retryQueueNums = config.RetryQueueNums,
                    retryMaxTimes = config.RetryMaxTimes,
                    brokerId = config.BrokerId,
                    whichBrokerWhenConsumeSlowly = config.WhichBrokerWhenConsumeSlowly,
                    notifyConsumerIdsChangedEnable = config.NotifyConsumerIdsChangedEnable,
                    clusterName = targets.Cluster,
                    brokerAddrs = targets.Brokers.Select(b => b.Address),
                });
                return;
            }
            ctx.Output.Line(
                $"SubscriptionGroupConfig [groupName={config.GroupName}, consumeEnable={Bool(config.ConsumeEnable)}, consumeFromMinEnable={Bool(config.ConsumeFromMinEnable)}, "
                + $"consumeBroadcastEnable={Bool(config.ConsumeBroadcastEnable)}, retryQueueNums={config.RetryQueueNums}, retryMaxTimes={config.RetryMaxTimes}, "
                + $"brokerId={config.BrokerId}, whichBrokerWhenConsumeSlowly={config.WhichBrokerWhenConsumeSlowly}, notifyConsumerIdsChangedEnable={Bool(config.NotifyConsumerIdsChangedEnable)}]");
        }, brokerAddr, cluster, group, consumeEnable, fromMin, broadcast, retryQueues, retryMax, brokerId, slowBroker, notify);
    }

    private static Command DeleteSubGroup(AdminCommand factory)
    {
        var brokerAddr = Opt.Of<string?>("b", "brokerAddr", "delete subscription group from which broker");
        var cluster = Opt.Of<string?>("c", "clusterName", "delete subscription group from which cluster");
        var group = Opt.Of<string>("g", "groupName", "subscription group name", required: true);
        var removeOffset = Opt.Of<bool>("r", "removeOffset", "remove offset");
        return factory.Create("deleteSubGroup", "Delete subscription group from broker.", async ctx =>
        {
            var name = ctx.Require(group);
            Names.ValidateGroup(name);
            var targets = await BrokerTargets.ResolveAsync(ctx, ctx.Get(brokerAddr), ctx.Get(cluster)).ConfigureAwait(false);
            var remove = ctx.Get(removeOffset) ? "true" : "false";
            foreach (var (_, address) in targets.Brokers)
            {
                var request = Responses.Request(RequestCode.DeleteSubscriptionGroup, r => r.AddExt("groupName", name).AddExt("removeOffset", remove));
                using var _ = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation).ConfigureAwait(false);
                if (!ctx.Output.Json)
                {
                    ctx.Output.Line(targets.Cluster is null
                        ? $"delete subscription group [{name}] from broker [{address}] success."
                        : $"delete subscription group [{name}] from broker [{address}] in cluster [{targets.Cluster}] success.");
                }
            }
            string[] deletedTopics = [];
            if (targets.Cluster is not null)
            {
                // As mqadmin with -c: the group's retry and dead-letter topics go with it.
                deletedTopics = [Names.RetryTopicPrefix + name, Names.DlqTopicPrefix + name];
                foreach (var topic in deletedTopics)
                {
                    await TopicCommands.DeleteEverywhereAsync(ctx, topic, targets.Brokers.Select(b => (b.BrokerName ?? "", b.Address))).ConfigureAwait(false);
                    if (!ctx.Output.Json)
                    {
                        ctx.Output.Line($"delete topic [{topic}] from cluster [{targets.Cluster}] success.");
                    }
                }
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { groupName = name, clusterName = targets.Cluster, brokerAddrs = targets.Brokers.Select(b => b.Address), removeOffset = remove == "true", deletedTopics });
            }
        }, brokerAddr, cluster, group, removeOffset);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
