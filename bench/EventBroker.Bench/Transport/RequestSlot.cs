using System.Diagnostics;
using System.Threading.Tasks.Sources;
using EventBroker.Protocol.Frames;

namespace EventBroker.Bench.Transport;

/// <summary>
/// One request in flight at a time, reused for every request of its owner (a sender or a queue's puller), so
/// awaiting a response allocates nothing. The opaque carries the slot's index in its low bits; a response or a
/// timeout wins the slot by swapping the pending opaque to zero, so a late response to a timed-out request is dropped.
/// Continuations run inline on the connection's read loop: the sender's next request is written right there,
/// without a thread-pool hop per message.
/// </summary>
public sealed class RequestSlot : IValueTaskSource<RemotingResponse>
{
    public const int IndexBits = 12;
    public const int MaxSlots = 1 << IndexBits;
    private const int SequenceMask = (1 << (31 - IndexBits)) - 1;

    private ManualResetValueTaskSourceCore<RemotingResponse> _core;
    private int _sequence;
    private int _pendingOpaque;
    private long _sentAt;

    internal RequestSlot(int index, bool decodeFully)
    {
        Index = index;
        DecodeFully = decodeFully;
        _core.RunContinuationsAsynchronously = false;
    }

    public int Index { get; }

    /// <summary>Decode every response into a command (pulls, admin calls) rather than peeking at its code.</summary>
    public bool DecodeFully { get; }

    /// <summary>A fresh, never-zero opaque whose low bits select this slot.</summary>
    public int NextOpaque()
    {
        _sequence = (_sequence + 1) & SequenceMask;
        if (_sequence == 0)
        {
            _sequence = 1;
        }
        return (_sequence << IndexBits) | Index;
    }

    /// <summary>Marks the request as sent; call before writing it, since the response can beat the write's return.</summary>
    public ValueTask<RemotingResponse> Arm(int opaque)
    {
        _sentAt = Stopwatch.GetTimestamp();
        Volatile.Write(ref _pendingOpaque, opaque);
        return new ValueTask<RemotingResponse>(this, _core.Version);
    }

    internal void Complete(in RemotingFrame frame, int code, int opaque)
    {
        if (Interlocked.CompareExchange(ref _pendingOpaque, 0, opaque) != opaque)
        {
            return;
        }
        // Failures are rare; their remark is worth the allocation.
        var command = DecodeFully || !IsStored(code) ? RemotingCommandCodec.Decode(frame) : null;
        _core.SetResult(new RemotingResponse(code, new RemotingCommandHolder(command)));
    }

    /// <summary>Fails the pending request with a synthetic code (<see cref="RemotingResponse.Timeout"/>, <see cref="RemotingResponse.ConnectionLost"/>).</summary>
    internal void Fail(int code) => Fail(Volatile.Read(ref _pendingOpaque), code);

    /// <summary>Times out the pending request if it was sent before <paramref name="timestamp"/>.</summary>
    internal void FailIfOlderThan(long timestamp)
    {
        // Opaque first: Arm publishes the send time before the opaque, so a re-armed slot shows a fresh time.
        var opaque = Volatile.Read(ref _pendingOpaque);
        if (opaque != 0 && Volatile.Read(ref _sentAt) < timestamp)
        {
            Fail(opaque, RemotingResponse.Timeout);
        }
    }

    private void Fail(int opaque, int code)
    {
        if (opaque != 0 && Interlocked.CompareExchange(ref _pendingOpaque, 0, opaque) == opaque)
        {
            _core.SetResult(RemotingResponse.Failed(code));
        }
    }

    /// <summary>Codes under which a broker stored a message (OK and the flush/slave warnings).</summary>
    public static bool IsStored(int code) => code is 0 or 10 or 11 or 12;

    public RemotingResponse GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
