using System.Buffers;

namespace EventBroker.Routing.Redis.Resp;

// The writer loop: commands queued since its last pass are written and flushed together (natural pipelining).
internal sealed partial class RespSession
{
    private readonly SemaphoreSlim _writeSignal = new(0);
    private List<byte[]> _outgoing = [];
    private List<byte[]>? _spare = [];
    private bool _writeScheduled;

    // Called under _gate: the request joins the reply FIFO and the outgoing bytes in one step.
    private bool Enqueue(RespRequest request)
    {
        request.Session = this;
        request.RepliesReadWhenQueued = Interlocked.Read(ref _repliesRead);
        _awaitingReply.Enqueue(request);
        _outgoing.Add(request.Payload);
        if (_writeScheduled)
            return false;
        _writeScheduled = true;
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var output = _transport.Output;
        try
        {
            while (true)
            {
                await _writeSignal.WaitAsync().ConfigureAwait(false);
                List<byte[]> batch;
                lock (_gate)
                {
                    if (_failure is not null)
                        return;
                    batch = _outgoing;
                    _outgoing = _spare ?? [];
                    _spare = null;
                    _writeScheduled = false;
                }
                foreach (var payload in batch)
                    output.Write(payload);
                batch.Clear();
                lock (_gate)
                    _spare = batch;
                var flushed = await output.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                    return;
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }
}
