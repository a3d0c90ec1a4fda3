using System.Collections.Concurrent;
using EventBroker.Client;

namespace EventBroker.MassTransit.Tests.Support;

/// <summary>Reads a topic from its first offset with the native client (a consumer group of its own): where error, dead-letter and skipped messages are checked.</summary>
public sealed class TopicReader : IAsyncDisposable
{
    readonly EventBrokerClient _client;
    readonly IPushConsumer _consumer;
    readonly ConcurrentQueue<ReceivedMessage> _messages = new();

    TopicReader(EventBrokerClient client, string topic)
    {
        _client = client;
        _consumer = client.CreatePushConsumer(
            new PushConsumerOptions(GatewayFixture.Unique("reader"), new Subscription(topic)) { ConsumeFromWhere = ConsumeFromWhere.FirstOffset },
            (message, _) =>
            {
                _messages.Enqueue(message);
                return ValueTask.FromResult(ConsumeResult.Success);
            });
    }

    public static async Task<TopicReader> StartAsync(GatewayHost gateway, string topic)
    {
        var client = gateway.NewClient();
        await client.Admin.CreateTopicAsync(topic);
        var reader = new TopicReader(client, topic);
        await reader._consumer.StartAsync();
        return reader;
    }

    public async Task<ReceivedMessage> WaitFor(Func<ReceivedMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message on the topic ({_messages.Count} others).");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _client.DisposeAsync();
    }
}
