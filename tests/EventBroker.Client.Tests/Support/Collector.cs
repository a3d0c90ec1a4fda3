using System.Collections.Concurrent;

namespace EventBroker.Client.Tests.Support;

/// <summary>A handler that records what it is given and answers <see cref="ConsumeResult.Success"/> (or what the test says).</summary>
public sealed class Collector
{
    private readonly Func<ReceivedMessage, ConsumeResult>? _decide;

    public Collector(Func<ReceivedMessage, ConsumeResult>? decide = null)
    {
        _decide = decide;
    }

    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    public IReadOnlyList<string> Bodies => Messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).ToList();

    public MessageHandler Handler => (message, _) =>
    {
        Messages.Enqueue(message);
        return ValueTask.FromResult(_decide?.Invoke(message) ?? ConsumeResult.Success);
    };

    public Task CountAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Messages.Count >= count, timeout ?? TimeSpan.FromSeconds(15), $"{count} messages received (got {Messages.Count})");
}
