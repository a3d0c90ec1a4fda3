using System.CommandLine;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Cli.Commands;

/// <summary>clusterList, brokerStatus: the cluster's brokers and their runtime info (GET_BROKER_RUNTIME_INFO).</summary>
internal static class ClusterCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return ClusterList(factory);
        yield return BrokerStatus(factory);
    }

    private static Command ClusterList(AdminCommand factory)
    {
        var cluster = Opt.Of<string?>("c", "clusterName", "which cluster");
        return factory.Create("clusterList", "List cluster infos", async ctx =>
        {
            var info = await ctx.Session.GetClusterInfoAsync(ctx.Cancellation).ConfigureAwait(false);
            var only = ctx.Get(cluster);
            var rows = new List<BrokerRow>();
            foreach (var (clusterName, brokerNames) in info.ClusterAddrTable.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (only is not null && clusterName != only)
                {
                    continue;
                }
                foreach (var brokerName in brokerNames.Order(StringComparer.Ordinal))
                {
                    if (!info.BrokerAddrTable.TryGetValue(brokerName, out var broker))
                    {
                        continue;
                    }
                    foreach (var (id, address) in broker.BrokerAddrs)
                    {
                        rows.Add(await DescribeAsync(ctx, clusterName, brokerName, id, address).ConfigureAwait(false));
                    }
                }
            }
            if (only is not null && rows.Count == 0)
            {
                throw new AdminException($"cluster '{only}' is not known to the name servers (clusters: {string.Join(", ", info.ClusterAddrTable.Keys)})");
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { brokers = rows });
                return;
            }
            var table = new Table("#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version", "#InTPS", "#OutTPS", "#Runtime");
            foreach (var row in rows)
            {
                table.Add(row.ClusterName, row.BrokerName, row.BrokerId, row.BrokerAddr, row.Version ?? "-", row.InTps ?? "-", row.OutTps ?? "-", row.Error ?? row.Runtime ?? "-");
            }
            ctx.Output.Write(table);
        }, cluster);
    }

    /// <summary>A broker that cannot answer stays in the list with its error, as an operator wants to see it.</summary>
    private static async Task<BrokerRow> DescribeAsync(CommandContext ctx, string cluster, string brokerName, long id, string address)
    {
        try
        {
            var kv = await RuntimeInfoAsync(ctx, address).ConfigureAwait(false);
            return new BrokerRow(
                cluster,
                brokerName,
                id,
                address,
                kv.GetValueOrDefault("brokerVersionDesc"),
                FirstNumber(kv.GetValueOrDefault("putTps")),
                FirstNumber(kv.GetValueOrDefault("getTransferedTps")),
                kv.GetValueOrDefault("runtime"),
                null);
        }
        catch (AdminException ex)
        {
            return new BrokerRow(cluster, brokerName, id, address, null, null, null, null, ex.Message);
        }
    }

    // RocketMQ writes TPS as "10s 60s 600s" averages; the first is the current rate.
    private static string? FirstNumber(string? value) => value?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    public static async Task<Dictionary<string, string>> RuntimeInfoAsync(CommandContext ctx, string address)
    {
        using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.GetBrokerRuntimeInfo), ctx.Cancellation).ConfigureAwait(false);
        return KVTable.FromJson(response.Body.Span).Table;
    }

    private static Command BrokerStatus(AdminCommand factory)
    {
        var brokerAddr = Opt.Of<string?>("b", "brokerAddr", "Broker address");
        var cluster = Opt.Of<string?>("c", "clusterName", "which cluster");
        return factory.Create("brokerStatus", "Fetch broker runtime status data", async ctx =>
        {
            var targets = await BrokerTargets.ResolveAsync(ctx, ctx.Get(brokerAddr), ctx.Get(cluster)).ConfigureAwait(false);
            var results = new List<(string Address, SortedDictionary<string, string> Table)>();
            foreach (var (_, address) in targets.Brokers)
            {
                results.Add((address, new SortedDictionary<string, string>(await RuntimeInfoAsync(ctx, address).ConfigureAwait(false), StringComparer.Ordinal)));
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { brokers = results.Select(r => new { brokerAddr = r.Address, runtimeInfo = r.Table }) });
                return;
            }
            foreach (var (address, table) in results)
            {
                foreach (var (key, value) in table)
                {
                    ctx.Output.Line(targets.Cluster is null ? $"{key,-32}: {value}" : $"{address,-24} {key,-32}: {value}");
                }
            }
        }, brokerAddr, cluster);
    }

    private sealed record BrokerRow(
        string ClusterName,
        string BrokerName,
        long BrokerId,
        string BrokerAddr,
        string? Version,
        string? InTps,
        string? OutTps,
        string? Runtime,
        string? Error);
}
