using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.Streams;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// EventStoreDB over the project's own gRPC transport. Writes go to the leader with <c>requires-leader</c>, reads to
/// the member the connection string prefers; every call but subscriptions runs inside the resilience pipeline.
/// </summary>
internal sealed class EventStoreClient : IEventStoreClient
{
    private readonly EventStoreClientSettings _settings;
    private readonly ResilienceOptions _resilience;
    private readonly ChannelPool _channels;
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Route _writes;
    private readonly Route _reads;
    private volatile Exception? _lastFailure;
    private int _disposed;

    public EventStoreClient(
        EventStoreClientSettings settings, ResilienceOptions resilience, ILogger logger, TimeProvider? time = null,
        Func<NodeEndpoint, HttpMessageHandler?>? handlerFactory = null)
    {
        _settings = settings;
        _resilience = resilience;
        _channels = new ChannelPool(ChannelOptions(settings), handlerFactory);
        var discovery = new GossipDiscovery(settings, _channels, logger);
        var leader = new NodeSelector("write", settings, NodePreference.Leader, discovery, logger, _lifetime.Token);
        _writes = new Route(leader, RequiresLeader: true);
        _reads = settings.NodePreference == NodePreference.Leader
            ? _writes
            : new Route(new NodeSelector("read", settings, settings.NodePreference, discovery, logger, _lifetime.Token), RequiresLeader: false);
        _pipeline = EventStoreResilience.Create(resilience, logger, time ?? TimeProvider.System, failure => _lastFailure = failure);
    }

    public string Description => _settings.Display;

    public Task<AppendOutcome> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<ProposedEvent> events, CancellationToken cancellationToken)
    {
        var requests = StreamsRequests.Append(stream, expected, events);
        return ExecuteAsync(_writes, "append", async (channel, options, ct) =>
        {
            var response = await channel.CallAsync(EventStoreMethods.Append, requests, options, AppendResp.Parser, ct).ConfigureAwait(false);
            return AppendOutcome.From(response);
        }, cancellationToken);
    }

    public Task<ReadResult> ReadAsync(ReadReq request, long maxDataBytes, bool fromLeader, CancellationToken cancellationToken)
        => ExecuteAsync(fromLeader ? _writes : _reads, "read", (channel, options, ct) => ReadOnceAsync(channel, request, maxDataBytes, options, ct), cancellationToken);

    public Task DeleteAsync(string stream, ExpectedRevision expected, CancellationToken cancellationToken)
    {
        var request = StreamsRequests.Delete(stream, expected);
        return ExecuteAsync(_writes, "delete", (channel, options, ct) => channel.CallAsync(EventStoreMethods.Delete, [request], options, DeleteResp.Parser, ct), cancellationToken);
    }

    public async IAsyncEnumerable<ReadResp> SubscribeAsync(ReadReq request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var node = await _reads.Selector.GetAsync(cancellationToken).ConfigureAwait(false);
        GrpcCall<ReadResp> call;
        try
        {
            // No deadline: a subscription runs until it is cancelled.
            call = await _channels.Get(node).StartCallAsync(EventStoreMethods.Read, [request], new GrpcCallOptions(null, _reads.RequiresLeader), ReadResp.Parser, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (GrpcCallException ex)
        {
            throw Observe(_reads, node, ex);
        }
        await using (call.ConfigureAwait(false))
        {
            while (true)
            {
                ReadResp? message;
                try
                {
                    message = await call.ReadNextAsync().ConfigureAwait(false);
                }
                catch (GrpcCallException ex)
                {
                    throw Observe(_reads, node, ex);
                }
                if (message is null)
                {
                    yield break;
                }
                yield return message;
            }
        }
    }

    public async Task<ClusterInfo> ReadGossipAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var node = await _reads.Selector.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _channels.Get(node).CallAsync(EventStoreMethods.GossipRead, [new Empty()], new GrpcCallOptions(_resilience.AttemptTimeout), ClusterInfo.Parser, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (GrpcCallException ex)
        {
            throw Observe(_reads, node, ex);
        }
    }

    private static async Task<ReadResult> ReadOnceAsync(GrpcChannel channel, ReadReq request, long maxDataBytes, GrpcCallOptions options, CancellationToken ct)
    {
        var result = new ReadResult();
        long bytes = 0;
        var call = await channel.StartCallAsync(EventStoreMethods.Read, [request], options, ReadResp.Parser, ct).ConfigureAwait(false);
        await using (call.ConfigureAwait(false))
        {
            while (await call.ReadNextAsync().ConfigureAwait(false) is { } message)
            {
                switch (message.ContentCase)
                {
                    case ReadResp.ContentOneofCase.Event:
                        var recorded = message.Event.Event;
                        bytes += recorded.Data.Length;
                        if (bytes > maxDataBytes && result.Events.Count > 0)
                        {
                            // Disposing the unfinished call resets the stream: the server stops sending.
                            result.StoppedEarly = true;
                            return result;
                        }
                        result.Events.Add(recorded);
                        break;
                    case ReadResp.ContentOneofCase.StreamNotFound:
                        result.StreamNotFound = true;
                        break;
                    case ReadResp.ContentOneofCase.FirstStreamPosition:
                        result.FirstStreamPosition = message.FirstStreamPosition;
                        break;
                    case ReadResp.ContentOneofCase.LastStreamPosition:
                        result.LastStreamPosition = message.LastStreamPosition;
                        break;
                }
            }
        }
        return result;
    }

    private async Task<T> ExecuteAsync<T>(Route route, string operation, Func<GrpcChannel, GrpcCallOptions, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var attempt = new Attempt<T>(this, route, call);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, a) => a.RunAsync(ctx.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeUnavailableException(attempt.Node ?? _settings.Display, GrpcStatusCode.DeadlineExceeded,
                $"{attempt.Node ?? _settings.Display} did not complete the {operation} within {_resilience.OperationTimeout.TotalMilliseconds:0} ms"
                + (attempt.Failure is { } f ? $" (last failure: {f.Message})" : ""), ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new NodeUnavailableException(route.Selector.Current?.ToString() ?? _settings.Display, GrpcStatusCode.Unavailable,
                $"calls to EventStoreDB ({_settings.Display}) are suspended for {_resilience.BreakDuration.TotalSeconds:0} s after repeated failures; the {operation} was not sent"
                + (_lastFailure is { } f ? $" (last failure: {f.Message})" : ""), ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private EventStoreClientException Observe(Route route, NodeEndpoint node, GrpcCallException failure)
    {
        var mapped = EventStoreErrors.From(failure);
        switch (mapped)
        {
            case NotLeaderException notLeader:
                route.Selector.OnNotLeader(node, notLeader.Leader);
                break;
            case NodeUnavailableException:
                route.Selector.OnUnavailable(node, mapped.Message);
                break;
        }
        return mapped;
    }

    private static GrpcChannelOptions ChannelOptions(EventStoreClientSettings settings) => new()
    {
        UseTls = settings.Tls,
        VerifyServerCertificate = settings.TlsVerifyCert,
        TrustedRoot = settings.TlsCaFile is { } file ? LoadCertificate(file) : null,
        Authorization = settings.UserName is { } user
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{settings.Password}"))
            : null,
        KeepAliveInterval = settings.KeepAliveInterval,
        KeepAliveTimeout = settings.KeepAliveTimeout,
        ConnectTimeout = settings.GossipTimeout < TimeSpan.FromSeconds(2) ? settings.GossipTimeout : TimeSpan.FromSeconds(2),
        ConnectionName = settings.ConnectionName ?? $"eventbroker-{Environment.MachineName}-{Environment.ProcessId}",
    };

    private static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // A setting of the connection string names something unusable: report it like any other bad setting.
            throw new FormatException($"tlsCaFile '{file}' cannot be loaded as a certificate: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.Cancel();
            _channels.Dispose();
            _lifetime.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private sealed record Route(NodeSelector Selector, bool RequiresLeader);

    /// <summary>One operation's attempts: remembers the node and the last failure for the final error message.</summary>
    private sealed class Attempt<T>(EventStoreClient client, Route route, Func<GrpcChannel, GrpcCallOptions, CancellationToken, Task<T>> call)
    {
        public string? Node { get; private set; }

        public Exception? Failure { get; private set; }

        public async ValueTask<T> RunAsync(CancellationToken cancellationToken)
        {
            NodeEndpoint node;
            try
            {
                node = await route.Selector.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NodeUnavailableException ex)
            {
                Failure = client._lastFailure = ex;
                throw;
            }
            Node = node.ToString();
            try
            {
                return await call(client._channels.Get(node), new GrpcCallOptions(client._resilience.AttemptTimeout, route.RequiresLeader), cancellationToken).ConfigureAwait(false);
            }
            catch (GrpcCallException ex)
            {
                var mapped = client.Observe(route, node, ex);
                Failure = client._lastFailure = mapped;
                throw mapped;
            }
        }
    }
}
