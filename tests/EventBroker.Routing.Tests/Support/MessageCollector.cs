using System.Threading.Channels;

namespace EventBroker.Routing.Tests.Support;

/// <summary>A pub/sub handler that records what it receives, for stores that deliver asynchronously.</summary>
public sealed class MessageCollector
{
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();

    public void Handle(ReadOnlyMemory<byte> message) => _received.Writer.TryWrite(message.ToArray());

    public async Task<byte[]> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out byte[]? message) => _received.Reader.TryRead(out message);
}
