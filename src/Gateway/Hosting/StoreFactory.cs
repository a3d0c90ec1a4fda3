using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using EventBroker.Routing.InProcess;
using EventBroker.Routing.Redis;
using EventBroker.Storage;
using EventBroker.Storage.EventStore;
using EventBroker.Storage.Sqlite;

namespace EventBroker.Gateway.Hosting;

/// <summary>Opens the two adapters the configuration names: the stream store and the routing store.</summary>
public static class StoreFactory
{
    public static async Task<IStreamStore> OpenStreamStoreAsync(BrokerOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (options.Store.StartsWith("esdb://", StringComparison.OrdinalIgnoreCase) || options.Store.StartsWith("esdb+discover://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await EventStoreStreamStore.OpenAsync(new EventStoreStreamStoreOptions { ConnectionString = options.Store }, loggers, ct).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                // The message names the bad part and never shows the password.
                throw new InvalidOperationException($"Broker:Store: {ex.Message} Example: esdb://127.0.0.1:2113?tls=false", ex);
            }
        }
        var sqlite = StoreConnectionString.ParseOptions(options.Store) with
        {
            Flush = options.IsSyncFlush ? FlushMode.Sync : FlushMode.Async,
        };
        return await SqliteStreamStore.OpenAsync(sqlite, loggers.CreateLogger<SqliteStreamStore>(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Redis when Broker:Redis is set (a cluster member); otherwise in-process routing, which keeps its files
    /// (topics.json, consumerOffset.json, …) beside the SQLite database.
    /// </summary>
    public static async Task<IRoutingStore> OpenRoutingStoreAsync(BrokerOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            try
            {
                return await RedisRoutingStore.ConnectAsync(new RedisRoutingOptions { Configuration = options.Redis, ClusterName = options.ClusterName, FirstBrokerName = options.GetBrokerNames()[0] },
                    loggers.CreateLogger<RedisRoutingStore>(), ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Broker:Redis: {ex.Message} Example: 127.0.0.1:6379,password=secret", ex);
            }
            catch (RoutingUnavailableException ex)
            {
                throw new InvalidOperationException($"Broker:Redis: cannot reach Redis: {ex.Message} Start Redis or fix the address; add ',abortConnect=false' to start anyway and connect when it is up.", ex);
            }
        }
        var directory = options.Store.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase)
            ? Path.GetDirectoryName(Path.GetFullPath(StoreConnectionString.Parse(options.Store))) ?? "data"
            : Path.GetFullPath("data");
        return await InProcessRoutingStore.OpenAsync(new InProcessRoutingOptions { DataDirectory = directory, FirstBrokerName = options.GetBrokerNames()[0] },
            loggers.CreateLogger<InProcessRoutingStore>(), ct).ConfigureAwait(false);
    }
}
