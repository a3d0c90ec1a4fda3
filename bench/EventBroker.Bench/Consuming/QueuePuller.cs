using System.Diagnostics;
using EventBroker.Bench.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;

namespace EventBroker.Bench.Consuming;

/// <summary>
/// Drains one queue from a start offset to an end offset with one PULL_MESSAGE in flight, following
/// nextBeginOffset. No long polling: the messages are already stored, so "not found" before the end offset
/// means the broker has not made them visible yet, and the puller retries shortly after.
/// </summary>
public sealed class QueuePuller
{
    private const int MaxMessages = 32;
    private const int SysFlagSubscription = 4;
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(15);

    private readonly RemotingClient _client;
    private readonly RequestSlot _slot;
    private readonly string _topic;
    private readonly string _group;
    private readonly long _subVersion = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private long _lastProgress = Stopwatch.GetTimestamp();

    public QueuePuller(RemotingClient client, string topic, string group, int queueId, long startOffset, long endOffset)
    {
        _client = client;
        _slot = client.CreateSlot(decodeFully: true);
        _topic = topic;
        _group = group;
        QueueId = queueId;
        StartOffset = startOffset;
        Offset = startOffset;
        EndOffset = endOffset;
    }

    public int QueueId { get; }
    public long StartOffset { get; }
    public long Offset { get; private set; }
    public long EndOffset { get; }
    public long Consumed { get; private set; }
    public long Pulls { get; private set; }

    /// <summary>Pulls whose record count differed from the offset advance, or whose body had undecodable bytes.</summary>
    public long Inconsistent { get; private set; }

    /// <summary>Non-success answers other than "not found yet", by code.</summary>
    public Dictionary<int, long> Errors { get; } = new();

    /// <summary>Why the queue was abandoned before its end offset, if it was.</summary>
    public string? GaveUp { get; private set; }

    public async Task RunAsync(CancellationToken cancellation)
    {
        while (Offset < EndOffset && !cancellation.IsCancellationRequested)
        {
            var response = await _client.SendAsync(_slot, BuildRequest()).ConfigureAwait(false);
            Pulls++;
            using var command = response.Command.Value;
            if (response.Code == RemotingResponse.ConnectionLost)
            {
                GaveUp = $"connection lost at offset {Offset} of {EndOffset}";
                return;
            }
            var retryAfter = Handle(response.Code, command);
            if (Stopwatch.GetElapsedTime(_lastProgress) > StallLimit)
            {
                GaveUp = $"no progress for {StallLimit.TotalSeconds:F0} s at offset {Offset} of {EndOffset} (last code {response.Code})";
                return;
            }
            if (retryAfter > TimeSpan.Zero)
            {
                await Task.Delay(retryAfter, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <returns>How long to wait before the next pull.</returns>
    private TimeSpan Handle(int code, RemotingCommand? command)
    {
        switch (code)
        {
            case (int)ResponseCode.Success when command is not null:
                var header = PullMessageResponseHeader.Decode(command);
                var count = PulledRecords.Count(command.Body.Span, out var malformed);
                if (malformed || count != header.NextBeginOffset - Offset)
                {
                    Inconsistent++;
                }
                Advance(header.NextBeginOffset, count);
                return TimeSpan.Zero;
            case (int)ResponseCode.PullNotFound:
                return TimeSpan.FromMilliseconds(5);
            case (int)ResponseCode.PullRetryImmediately:
            case (int)ResponseCode.PullOffsetMoved when command is not null:
                Count(code);
                if (command is not null && command.GetExt("nextBeginOffset") is not null)
                {
                    Advance(PullMessageResponseHeader.Decode(command).NextBeginOffset, 0);
                }
                return TimeSpan.Zero;
            default:
                Count(code);
                return TimeSpan.FromMilliseconds(100);
        }
    }

    private void Advance(long next, int consumed)
    {
        Consumed += consumed;
        if (next > Offset)
        {
            _lastProgress = Stopwatch.GetTimestamp();
        }
        Offset = next;
    }

    private void Count(int code) => Errors[code] = Errors.GetValueOrDefault(code) + 1;

    private RemotingCommand BuildRequest()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.PullMessage);
        new PullMessageRequestHeader
        {
            ConsumerGroup = _group,
            Topic = _topic,
            QueueId = QueueId,
            QueueOffset = Offset,
            MaxMsgNums = MaxMessages,
            SysFlag = SysFlagSubscription,
            CommitOffset = 0,
            SuspendTimeoutMillis = 0,
            Subscription = "*",
            SubVersion = _subVersion,
            ExpressionType = "TAG",
        }.EncodeTo(request);
        return request;
    }
}
