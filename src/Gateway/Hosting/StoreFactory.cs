using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using EventBroker.Routing.InProcess;
using EventBroker.Storage;
using EventBroker.Storage.Sqlite;

namespace EventBroker.Gateway.Hosting;

/// <summary>Opens the two adapters the configuration names: the stream store and the routing store.</summary>
public static class StoreFactory
{
    public static async Task<IStreamStore> OpenStreamStoreAsync(BrokerOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (options.Store.StartsWith("esdb", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Broker:Store = '{options.Store}': this build has only the embedded SQLite store. Use sqlite:<path>, e.g. sqlite:./data/eventbroker.db.");
        }
        var path = StoreConnectionString.Parse(options.Store);
        return await SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions
        {
            Path = path,
            Flush = options.IsSyncFlush ? FlushMode.Sync : FlushMode.Async,
        }, loggers.CreateLogger<SqliteStreamStore>(), ct).ConfigureAwait(false);
    }

    /// <summary>In-process routing keeps its files (topics.json, consumerOffset.json, …) beside the SQLite database.</summary>
    public static async Task<IRoutingStore> OpenRoutingStoreAsync(BrokerOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        var directory = options.Store.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase)
            ? Path.GetDirectoryName(Path.GetFullPath(StoreConnectionString.Parse(options.Store))) ?? "data"
            : Path.GetFullPath("data");
        return await InProcessRoutingStore.OpenAsync(new InProcessRoutingOptions { DataDirectory = directory },
            loggers.CreateLogger<InProcessRoutingStore>(), ct).ConfigureAwait(false);
    }
}
