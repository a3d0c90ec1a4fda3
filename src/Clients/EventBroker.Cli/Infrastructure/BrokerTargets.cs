namespace EventBroker.Cli.Infrastructure;

/// <summary>The brokers a write goes to: mqadmin's <c>-b brokerAddr</c> (one broker) or <c>-c clusterName</c> (its masters).</summary>
internal sealed record BrokerTargets(string? Cluster, IReadOnlyList<(string? BrokerName, string Address)> Brokers)
{
    public static async Task<BrokerTargets> ResolveAsync(CommandContext ctx, string? brokerAddr, string? cluster)
    {
        if (!string.IsNullOrWhiteSpace(brokerAddr))
        {
            return new BrokerTargets(null, [(null, brokerAddr.Trim())]);
        }
        if (string.IsNullOrWhiteSpace(cluster))
        {
            throw new AdminException("give -b/--brokerAddr (one broker) or -c/--clusterName (every master of the cluster; clusterList shows them)");
        }
        var info = await ctx.Session.GetClusterInfoAsync(ctx.Cancellation).ConfigureAwait(false);
        var masters = AdminSession.MastersOf(info, cluster.Trim());
        return new BrokerTargets(cluster.Trim(), masters.Select(m => ((string?)m.BrokerName, m.Address)).ToList());
    }
}
