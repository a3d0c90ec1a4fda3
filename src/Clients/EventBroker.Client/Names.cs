namespace EventBroker.Client;

/// <summary>RocketMQ's name rules for topics and groups (Validators.java).</summary>
internal static class Names
{
    public const int MaxTopicLength = 127;

    /// <summary>MixAll.RETRY_GROUP_TOPIC_PREFIX.</summary>
    public const string RetryTopicPrefix = "%RETRY%";

    /// <summary>MixAll.DLQ_GROUP_TOPIC_PREFIX.</summary>
    public const string DlqTopicPrefix = "%DLQ%";

    /// <summary>TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC: the template the broker copies for unknown topics.</summary>
    public const string AutoCreateTopic = "TBW102";

    public static string RetryTopic(string group) => RetryTopicPrefix + group;

    public static string DlqTopic(string group) => DlqTopicPrefix + group;

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxTopicLength)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '%' or '|' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public static void ValidateTopic(string? topic)
    {
        if (!IsValidName(topic))
        {
            throw new ArgumentException($"The topic '{topic}' is not valid: use 1-{MaxTopicLength} of the characters [%|a-zA-Z0-9_-].");
        }
    }

    public static void ValidateGroup(string? group)
    {
        if (!IsValidName(group))
        {
            throw new ArgumentException($"The group '{group}' is not valid: use 1-{MaxTopicLength} of the characters [%|a-zA-Z0-9_-].");
        }
    }

    /// <summary>Topics a producer may not send to (TopicValidator.isNotAllowedSendTopic).</summary>
    public static bool IsNotAllowedSendTopic(string topic) => topic is "SCHEDULE_TOPIC_XXXX" or "BenchmarkTest" or "RMQ_SYS_TRANS_HALF_TOPIC"
        or "RMQ_SYS_TRACE_TOPIC" or "RMQ_SYS_TRANS_OP_HALF_TOPIC" or "TRANS_CHECK_MAX_TIME_TOPIC" or "SELF_TEST_TOPIC" or "OFFSET_MOVED_EVENT"
        or AutoCreateTopic;
}
