using System.Collections.Concurrent;
using EventBroker.Client;
using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

/// <summary>The bus's one client and producer, created on first use and disposed when the host stops.</summary>
public sealed class RocketMqTransportProvider(RocketMqHostConfiguration hostConfiguration) : Agent
{
    readonly SemaphoreSlim _lock = new(1, 1);
    readonly ConcurrentDictionary<string, Task> _topics = new(StringComparer.Ordinal);
    EventBrokerClient? _client;
    IProducer? _producer;

    public async Task<EventBrokerClient> GetClientAsync()
    {
        if (_client is { } existing)
        {
            return existing;
        }
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            return _client ??= new EventBrokerClient(hostConfiguration.Settings.ToClientOptions());
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IProducer> GetProducerAsync()
    {
        if (_producer is { } existing)
        {
            return existing;
        }
        var client = await GetClientAsync().ConfigureAwait(false);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Under the lock: concurrent first sends share one producer instead of leaking the losers.
            return _producer ??= client.CreateProducer();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Creates the topic once per client (creation is idempotent on the broker); a failed creation is tried again by the next caller.</summary>
    public async Task EnsureTopicAsync(string topic)
    {
        var task = _topics.GetOrAdd(topic, CreateTopicAsync);
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            _topics.TryRemove(new KeyValuePair<string, Task>(topic, task));
            throw;
        }
    }

    async Task CreateTopicAsync(string topic)
    {
        var client = await GetClientAsync().ConfigureAwait(false);
        await client.Admin.CreateTopicAsync(topic).ConfigureAwait(false);
    }

    /// <summary>Deletes a temporary endpoint's topic; a failure is logged and left (the topic then stays, empty of new traffic).</summary>
    public async Task DeleteTopicAsync(string topic)
    {
        try
        {
            var client = await GetClientAsync().ConfigureAwait(false);
            await client.Admin.DeleteTopicAsync(topic).ConfigureAwait(false);
            _topics.TryRemove(topic, out _);
        }
        catch (Exception exception)
        {
            LogContext.Warning?.Log(exception, "Could not delete the temporary topic {Topic}; delete it with the admin tools", topic);
        }
    }

    public async Task<(IProducer Producer, SendResult Result)> SendAsync(Message message, CancellationToken cancellationToken)
    {
        await EnsureTopicAsync(message.Topic).ConfigureAwait(false);
        var producer = await GetProducerAsync().ConfigureAwait(false);
        return (producer, await producer.SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    protected override async Task StopAgent(StopContext context)
    {
        await base.StopAgent(context).ConfigureAwait(false);
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_producer is { } producer)
            {
                await producer.DisposeAsync().ConfigureAwait(false);
            }
            if (_client is { } client)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            _producer = null;
            _client = null;
            _topics.Clear();
        }
        finally
        {
            _lock.Release();
        }
    }
}
