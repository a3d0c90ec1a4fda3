using Microsoft.Extensions.Logging;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>Clustering offsets, committed to each queue's broker (RemoteBrokerOffsetStore).</summary>
internal sealed class BrokerOffsetStore : IOffsetStore
{
    private readonly OffsetTable _table = new();
    private readonly ConsumerRpc _rpc;
    private readonly string _group;
    private readonly ILogger _logger;

    public BrokerOffsetStore(ConsumerRpc rpc, string group, ILogger logger)
    {
        _rpc = rpc;
        _group = group;
        _logger = logger;
    }

    public Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Update(MessageQueue queue, long offset, bool increaseOnly) => _table.Update(queue, offset, increaseOnly);

    public long ReadFromMemory(MessageQueue queue) => _table.Read(queue);

    public async Task<long> ReadFromStoreAsync(MessageQueue queue, CancellationToken cancellationToken)
    {
        var offset = await _rpc.QueryConsumerOffsetAsync(_group, queue, cancellationToken).ConfigureAwait(false);
        if (offset >= 0)
        {
            _table.Update(queue, offset, increaseOnly: false);
        }
        return offset;
    }

    public async Task PersistAllAsync(IReadOnlyCollection<MessageQueue> queues, bool final, CancellationToken cancellationToken)
    {
        foreach (var (queue, offset) in _table.Entries.ToList())
        {
            if (!queues.Contains(queue))
            {
                continue;
            }
            try
            {
                await _rpc.UpdateConsumerOffsetAsync(_group, queue, offset, oneway: !final, cancellationToken).ConfigureAwait(false);
            }
            catch (EventBrokerException ex)
            {
                ClientLog.OffsetCommitFailed(_logger, _group, queue.ToString(), offset, ex.Message);
            }
        }
        _table.RetainOnly(queues);
    }

    public async Task PersistAsync(MessageQueue queue, CancellationToken cancellationToken)
    {
        if (_table.TryRead(queue, out var offset))
        {
            await _rpc.UpdateConsumerOffsetAsync(_group, queue, offset, oneway: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Remove(MessageQueue queue) => _table.Remove(queue);
}
