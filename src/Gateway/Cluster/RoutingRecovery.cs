using EventBroker.Routing;
using EventBroker.Routing.Redis;

namespace EventBroker.Gateway.Cluster;

/// <summary>
/// Keeps Redis and the journal in step: checkpoints committed offsets into the journal every 5 s, and rebuilds
/// Redis from the journal whenever it finds Redis without this cluster's data (at start, after a reconnect, and
/// every 10 s). Several gateways may rebuild at once: every restore is add-if-absent, so nothing written since the
/// wipe is overwritten.
/// </summary>
public sealed partial class RoutingRecovery(JournaledRoutingStore store, RedisRoutingStore redis, RoutingJournal journal, TimeProvider time, ILogger<RoutingRecovery> logger) : BackgroundService
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SeedCheckEvery = TimeSpan.FromSeconds(10);
    private int _reconnected;

    /// <summary>Runs after a rebuild (the gateway re-creates its system topics there).</summary>
    public Func<CancellationToken, Task>? AfterRebuild { get; set; }

    /// <summary>
    /// At start: rebuilds if needed, waiting up to <paramref name="patience"/> for Redis. When Redis stays
    /// unreachable the gateway starts anyway (sends and pulls need only the store) and the background check rebuilds
    /// once Redis is back.
    /// </summary>
    public async Task EnsureSeededAtStartAsync(TimeSpan patience, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + patience;
        while (true)
        {
            try
            {
                await EnsureSeededAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (RoutingUnavailableException ex) when (time.GetUtcNow() < deadline)
            {
                LogWaitingForRedis(ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct).ConfigureAwait(false);
            }
            catch (RoutingUnavailableException ex)
            {
                LogStartingWithoutRedis(ex.Message);
                Interlocked.Exchange(ref _reconnected, 1);
                return;
            }
        }
    }

    /// <summary>Rebuilds Redis from the journal if it is empty; returns whether it did.</summary>
    public async Task<bool> EnsureSeededAsync(CancellationToken ct)
    {
        if (await redis.IsSeededAsync(ct).ConfigureAwait(false))
        {
            return false;
        }
        var state = await journal.ReadStateAsync(ct).ConfigureAwait(false);
        foreach (var topic in state.Topics.Values)
        {
            await redis.GetOrAddTopicAsync(topic, ct).ConfigureAwait(false);
        }
        foreach (var group in state.Groups.Values)
        {
            await redis.GetOrAddGroupAsync(group, ct).ConfigureAwait(false);
        }
        foreach (var ((ns, key), value) in state.Kv)
        {
            if (await redis.GetKvConfigAsync(ns, key, ct).ConfigureAwait(false) is null)
            {
                await redis.PutKvConfigAsync(ns, key, value, ct).ConfigureAwait(false);
            }
        }
        foreach (var ((broker, group, topic, queueId), offset) in state.Offsets)
        {
            await redis.RestoreOffsetAsync(broker, group, topic, queueId, offset, ct).ConfigureAwait(false);
        }
        if (AfterRebuild is { } after)
        {
            await after(ct).ConfigureAwait(false);
        }
        await redis.MarkSeededAsync(ct).ConfigureAwait(false);
        LogRebuilt(state.Topics.Count, state.Groups.Count, state.Kv.Count, state.Offsets.Count, journal.StreamName);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.Reconnected += OnReconnected;
        try
        {
            var nextSeedCheck = time.GetUtcNow() + SeedCheckEvery;
            using var timer = new PeriodicTimer(CheckpointEvery, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync("offset checkpoint", () => store.CheckpointOffsetsAsync(stoppingToken)).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _reconnected, 0) == 1 || time.GetUtcNow() >= nextSeedCheck)
                {
                    nextSeedCheck = time.GetUtcNow() + SeedCheckEvery;
                    await RunAsync("routing rebuild", () => EnsureSeededAsync(stoppingToken)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.Reconnected -= OnReconnected;
        }
    }

    private void OnReconnected() => Interlocked.Exchange(ref _reconnected, 1);

    private async Task RunAsync(string job, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogJobFailed(job, ex.Message);
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Redis had no routing data: rebuilt {Topics} topics, {Groups} groups, {Kv} kv entries and {Offsets} consumer offsets from {Journal}")]
    private partial void LogRebuilt(int topics, int groups, int kv, int offsets, string journal);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Waiting for Redis before checking the routing data: {Reason}")]
    private partial void LogWaitingForRedis(string reason);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Starting without Redis (name-server and admin requests answer 14 until it is reachable): {Reason}")]
    private partial void LogStartingWithoutRedis(string reason);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Routing job '{Job}' failed, retrying at its next interval: {Reason}")]
    private partial void LogJobFailed(string job, string reason);
}
