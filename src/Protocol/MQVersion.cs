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

    /// <summary>V4_0_0_SNAPSHOT: below it every ordinal is a 3.x version.</summary>
    private const int V4_0_0_Snapshot = V4_0_0 - 1;

    /// <summary>
    /// The enum name of a client's version ordinal, as MQVersion.getVersionDesc prints it (401 → "V4_9_4"). From
    /// V4_0_0_SNAPSHOT on, every patch X.Y.Z takes two ordinals, its SNAPSHOT then the release, ten patches per
    /// minor and ten minors per major (V4_5_0 = 313, V5_0_0 = 413). The 3.x enum is irregular; only V3_4_9, the one
    /// old clients such as ali-ons report, is named, others show their ordinal.
    /// </summary>
    public static string Describe(int ordinal)
    {
        if (ordinal == V3_4_9)
        {
            return "V3_4_9";
        }
        if (ordinal < V4_0_0_Snapshot)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"V3 (ordinal {ordinal})");
        }
        var sinceSnapshot = ordinal - V4_0_0_Snapshot;
        var patchIndex = sinceSnapshot / 2;
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"V{4 + patchIndex / 100}_{patchIndex / 10 % 10}_{patchIndex % 10}");
        return sinceSnapshot % 2 == 0 ? name + "_SNAPSHOT" : name;
    }
}
