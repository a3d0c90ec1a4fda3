namespace EventBroker.Protocol;

/// <summary>Ordinals of RocketMQ's <c>MQVersion.Version</c> enum that change wire behaviour.</summary>
public static class MQVersion
{
    /// <summary>V3_4_9: from here the send-back header's maxReconsumeTimes wins over the group config.</summary>
    public const int V3_4_9 = 121;
    public const int V4_0_0 = 213;
    public const int V4_5_0 = 313;
    public const int V4_9_0 = 393;
    /// <summary>V4_9_4: name-server route bodies are standard JSON from this version on.</summary>
    public const int V4_9_4 = 401;
    public const int V5_0_0 = 413;

    /// <summary>What this broker reports as its own version.</summary>
    public const int Current = V4_9_4;
}
