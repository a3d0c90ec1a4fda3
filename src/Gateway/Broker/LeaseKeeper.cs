using System.Collections.Concurrent;
using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Holds the leases of the singleton jobs (delay scheduler, timer wheel, retention, …): tries to acquire or renew each every
/// SingletonLeaseRenewInterval (10 s) with a SingletonLeaseTtl (30 s) TTL, so exactly one gateway runs each job and a
/// dead holder's jobs move within TTL + renew interval. A lease is considered lost as soon as a renewal fails or is
/// late: a sixth of the TTL (5 s of 30 s) before it could lapse elsewhere.
/// </summary>
public sealed partial class LeaseKeeper(IRoutingStore routing, BrokerTopology topology, IOptions<BrokerOptions> options, TimeProvider time, ILogger<LeaseKeeper> logger) : BackgroundService
{
    public static readonly string[] Jobs = ["schedule", "retention", "transaction", "timer"];
    private readonly TimeSpan _ttl = TimeSpan.FromMilliseconds(options.Value.SingletonLeaseTtl);
    private readonly TimeSpan _renewEvery = TimeSpan.FromMilliseconds(options.Value.SingletonLeaseRenewInterval);

    private readonly ConcurrentDictionary<string, (long Token, DateTimeOffset ValidUntil)> _held = new(StringComparer.Ordinal);

    public bool IsHeld(string job) => _held.TryGetValue(job, out var lease) && lease.ValidUntil > time.GetUtcNow();

    /// <summary>The fencing token of a held lease (increases with every new holder), or null.</summary>
    public long? Token(string job) => IsHeld(job) ? _held[job].Token : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_renewEvery, time);
        do
        {
            foreach (var job in Jobs)
            {
                var started = time.GetUtcNow();
                try
                {
                    var token = await routing.TryAcquireLeaseAsync(job, topology.GatewayId, _ttl, stoppingToken).ConfigureAwait(false);
                    if (token is { } t)
                    {
                        if (!_held.ContainsKey(job))
                        {
                            LogAcquired(job, t);
                        }
                        // Count validity from before the request: the store started the TTL no earlier than that.
                        _held[job] = (t, started + _ttl - _ttl / 6);
                    }
                    else if (_held.TryRemove(job, out _))
                    {
                        LogLost(job);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(job, ex.Message);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var job in _held.Keys)
        {
            try
            {
                await routing.ReleaseLeaseAsync(job, topology.GatewayId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRenewFailed(job, ex.Message);
            }
        }
        _held.Clear();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "This gateway now runs the singleton job '{Job}' (lease token {Token})")]
    private partial void LogAcquired(string job, long token);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "This gateway no longer holds the lease of '{Job}'")]
    private partial void LogLost(string job);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Could not renew the lease of '{Job}': {Reason}")]
    private partial void LogRenewFailed(string job, string reason);
}
