namespace EventBroker.Cli.Infrastructure;

/// <summary>MQVersion.getVersionDesc: the enum name of a client's version ordinal (401 = V4_9_4).</summary>
internal static class VersionNames
{
    // From V4_0_0 (213) on, every minor version takes 20 ordinals: release and SNAPSHOT of patches 0..9.
    private const int V4_0_0 = 213;

    public static string Describe(int ordinal)
    {
        if (ordinal == 121)
        {
            return "V3_4_9";
        }
        if (ordinal < V4_0_0 - 1)
        {
            return $"V3 (ordinal {ordinal})";
        }
        var sinceV4 = ordinal - (V4_0_0 - 1); // 0 = V4_0_0_SNAPSHOT
        var minorIndex = sinceV4 / 20;
        var within = sinceV4 % 20;
        var major = 4 + (minorIndex / 10);
        var minor = minorIndex % 10;
        var patch = within / 2;
        return within % 2 == 0 ? $"V{major}_{minor}_{patch}_SNAPSHOT" : $"V{major}_{minor}_{patch}";
    }
}
