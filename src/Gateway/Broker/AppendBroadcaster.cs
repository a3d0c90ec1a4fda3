using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using EventBroker.Gateway.Configuration;
using EventBroker.Routing;
using EventBroker.Storage;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Tells the other gateways that streams grew, when the store cannot (a SQLite file shared by several gateways on
/// one host): appends are coalesced per stream and published on the routing store's pub/sub every few
/// milliseconds, and what other gateways publish wakes this gateway's parked pulls. Idle when the store reports other
/// gateways' appends itself (EventStoreDB) or when routing is in-process (a single node).
/// </summary>
public sealed partial class AppendBroadcaster : IAsyncDisposable
{
    public const string Channel = "appended";
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(5);

    private readonly IRoutingStore _routing;
    private readonly AppendSignals _signals;
    private readonly BrokerTopology _topology;
    private readonly ILogger<AppendBroadcaster> _logger;
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable? _storeSubscription;
    private IAsyncDisposable? _busSubscription;
    private Task? _flusher;

    public AppendBroadcaster(IRoutingStore routing, IStreamStore store, AppendSignals signals, BrokerTopology topology,
        IOptions<BrokerOptions> options, ILogger<AppendBroadcaster> logger)
    {
        _routing = routing;
        _signals = signals;
        _topology = topology;
        _logger = logger;
        Enabled = !store.ReportsAppendsFromOtherGateways && !string.IsNullOrWhiteSpace(options.Value.Redis);
        if (Enabled)
        {
            _storeSubscription = store.SubscribeToAppends(a => _pending.AddOrUpdate(a.Stream, a.NextRevision, (_, old) => Math.Max(old, a.NextRevision)));
        }
    }

    public bool Enabled { get; }

    public async Task StartAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }
        _busSubscription = await _routing.SubscribeAsync(Channel, OnMessage, ct).ConfigureAwait(false);
        _flusher = Task.Run(FlushLoopAsync, CancellationToken.None);
    }

    /// <summary>Message: sender gateway id, then one "stream\tnextRevision" per line.</summary>
    private void OnMessage(ReadOnlyMemory<byte> message)
    {
        var text = Encoding.UTF8.GetString(message.Span);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] == _topology.GatewayId)
        {
            return;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            var tab = lines[i].LastIndexOf('\t');
            if (tab > 0 && long.TryParse(lines[i].AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var next))
            {
                _signals.Signal(new StreamAppended(lines[i][..tab], next));
            }
        }
    }

    private async Task FlushLoopAsync()
    {
        using var timer = new PeriodicTimer(FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (_pending.IsEmpty)
                {
                    continue;
                }
                var sb = new StringBuilder(_topology.GatewayId).Append('\n');
                foreach (var stream in _pending.Keys)
                {
                    if (_pending.TryRemove(stream, out var next))
                    {
                        sb.Append(stream).Append('\t').Append(next.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                }
                try
                {
                    await _routing.PublishAsync(Channel, Encoding.UTF8.GetBytes(sb.ToString()), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Other gateways' parked pulls fall back to their 5 s re-check.
                    LogPublishFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _storeSubscription?.Dispose();
        if (_flusher is not null)
        {
            await _flusher.ConfigureAwait(false);
        }
        if (_busSubscription is not null)
        {
            await _busSubscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Could not tell other gateways about new messages: {Reason}")]
    private partial void LogPublishFailed(string reason);
}
