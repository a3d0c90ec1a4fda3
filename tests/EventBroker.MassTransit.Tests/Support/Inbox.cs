using System.Collections.Concurrent;
using MassTransit;

namespace EventBroker.MassTransit.Tests.Support;

/// <summary>What the test's consumers received, in order, with when (for delay assertions).</summary>
public sealed class Inbox
{
    readonly ConcurrentQueue<Entry> _entries = new();

    public sealed record Entry(string Consumer, ConsumeContext Context, object Message, DateTimeOffset At);

    public void Add<T>(string consumer, ConsumeContext<T> context)
        where T : class => _entries.Enqueue(new Entry(consumer, context, context.Message, DateTimeOffset.UtcNow));

    public IReadOnlyList<Entry> Of<T>(string consumer, Func<T, bool>? match = null) =>
        [.. _entries.Where(e => e.Consumer == consumer && e.Message is T m && (match is null || match(m)))];

    /// <summary>Waits until <paramref name="count"/> matching messages arrived (the bound only guards against a hang).</summary>
    public async Task<IReadOnlyList<Entry>> WaitFor<T>(string consumer, Func<T, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = Of(consumer, match);
            if (found.Count >= count)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{consumer} received {found.Count} of {count} {typeof(T).Name} messages.");
            }
            await Task.Delay(50);
        }
    }
}
