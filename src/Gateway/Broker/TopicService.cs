using System.Collections.Concurrent;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// Topic configs as the broker sees them: a short-lived local cache over the routing store (every send and pull
/// looks its topic up), the system topics, and RocketMQ's auto-create rules.
/// </summary>
public sealed class TopicService(IRoutingStore routing, IOptions<BrokerOptions> options, TimeProvider time)
{
    /// <summary>RocketMQ's AUTO_CREATE_TOPIC_KEY_TOPIC: producers of unknown topics send with defaultTopic=TBW102.</summary>
    public const string AutoCreateTopicKey = "TBW102";
    public const string RetryGroupTopicPrefix = "%RETRY%";
    public const string DlqGroupTopicPrefix = "%DLQ%";

    /// <summary>Topics written through another gateway become visible here within this long.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (TopicConfig? Config, long At)> _cache = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options = options.Value;

    public static bool IsSystemTopic(string topic) =>
        topic == AutoCreateTopicKey || topic.StartsWith("rmq_sys_", StringComparison.Ordinal) || IsNotAllowedSendTopic(topic);

    /// <summary>Topics a producer may not send to directly (TopicValidator.NOT_ALLOWED_SEND_TOPIC_SET).</summary>
    public static bool IsNotAllowedSendTopic(string topic) =>
        topic is "SCHEDULE_TOPIC_XXXX" or "RMQ_SYS_TRANS_HALF_TOPIC" or "RMQ_SYS_TRANS_OP_HALF_TOPIC" or "TRANS_CHECK_MAX_TIME_TOPIC" or "SELF_TEST_TOPIC" or "OFFSET_MOVED_EVENT";

    /// <summary>Creates TBW102 with the broker's defaults when it is missing.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var perm = Perm.ReadWrite | (_options.AutoCreateTopicEnable ? Perm.Inherit : 0);
        var tbw = await routing.GetOrAddTopicAsync(new TopicConfig
        {
            TopicName = AutoCreateTopicKey,
            ReadQueueNums = _options.DefaultTopicQueueNums,
            WriteQueueNums = _options.DefaultTopicQueueNums,
            Perm = perm,
        }, ct).ConfigureAwait(false);
        if (tbw.Perm != perm)
        {
            // autoCreateTopicEnable changed since the config was written: it decides TBW102's INHERIT bit.
            tbw.Perm = perm;
            await routing.PutTopicAsync(tbw, ct).ConfigureAwait(false);
        }
        Invalidate(AutoCreateTopicKey);
        // Request-reply: responders send to <cluster>_REPLY_TOPIC, which the Java broker creates at start (1 queue).
        await CreateSystemManagedAsync(_options.ClusterName + "_REPLY_TOPIC", 1, ct).ConfigureAwait(false);
    }

    /// <summary>The topic's config (shared, do not modify), or null when the topic does not exist.</summary>
    public async ValueTask<TopicConfig?> GetAsync(string topic, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(topic, out var cached) && time.GetElapsedTime(cached.At, now) < CacheFor)
        {
            return cached.Config;
        }
        TopicConfig? config;
        try
        {
            config = await routing.GetTopicAsync(topic, ct).ConfigureAwait(false);
        }
        catch (RoutingUnavailableException) when (cached.At != 0)
        {
            // Routing is down: keep serving sends and pulls on topics we know, with what we last saw.
            return cached.Config;
        }
        _cache[topic] = (config, now);
        return config;
    }

    public async ValueTask<IReadOnlyList<TopicConfig>> GetAllAsync(CancellationToken ct) =>
        await routing.GetTopicsAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// RocketMQ's createTopicInSendMessageMethod: an unknown topic is created from the default topic when that one
    /// has the INHERIT bit, with min(client's defaultTopicQueueNums, default topic's write queues) queues.
    /// </summary>
    public async ValueTask<TopicConfig?> GetOrAutoCreateForSendAsync(string topic, string? defaultTopic, int clientDefaultQueueNums, CancellationToken ct)
    {
        var existing = await GetAsync(topic, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }
        if (topic.StartsWith(RetryGroupTopicPrefix, StringComparison.Ordinal))
        {
            return await CreateSystemManagedAsync(topic, 1, ct).ConfigureAwait(false);
        }
        if (string.IsNullOrEmpty(defaultTopic))
        {
            return null;
        }
        var template = await GetAsync(defaultTopic, ct).ConfigureAwait(false);
        if (template is null || !Perm.IsInherited(template.Perm) || (defaultTopic == AutoCreateTopicKey && !_options.AutoCreateTopicEnable))
        {
            return null;
        }
        var queues = Math.Max(1, Math.Min(clientDefaultQueueNums > 0 ? clientDefaultQueueNums : template.WriteQueueNums, template.WriteQueueNums));
        var created = await routing.GetOrAddTopicAsync(new TopicConfig
        {
            TopicName = topic,
            ReadQueueNums = queues,
            WriteQueueNums = queues,
            Perm = template.Perm & ~Perm.Inherit,
            TopicSysFlag = template.TopicSysFlag,
        }, ct).ConfigureAwait(false);
        Remember(created);
        return created;
    }

    /// <summary>Retry and dead-letter topics: created on demand with perm 6 (createTopicInSendMessageBackMethod).</summary>
    public async ValueTask<TopicConfig> CreateSystemManagedAsync(string topic, int queueNums, CancellationToken ct)
    {
        var existing = await GetAsync(topic, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }
        var created = await routing.GetOrAddTopicAsync(new TopicConfig
        {
            TopicName = topic,
            ReadQueueNums = queueNums,
            WriteQueueNums = queueNums,
            Perm = Perm.ReadWrite,
        }, ct).ConfigureAwait(false);
        Remember(created);
        return created;
    }

    public async ValueTask PutAsync(TopicConfig config, CancellationToken ct)
    {
        await routing.PutTopicAsync(config, ct).ConfigureAwait(false);
        Remember(config);
    }

    public async ValueTask<bool> DeleteAsync(string topic, CancellationToken ct)
    {
        var deleted = await routing.DeleteTopicAsync(topic, ct).ConfigureAwait(false);
        Invalidate(topic);
        return deleted;
    }

    public void Invalidate(string topic) => _cache.TryRemove(topic, out _);

    /// <summary>A config this gateway just wrote: cached as is, so it also serves while the routing store is down.</summary>
    private void Remember(TopicConfig config) => _cache[config.TopicName] = (config, time.GetTimestamp());
}
