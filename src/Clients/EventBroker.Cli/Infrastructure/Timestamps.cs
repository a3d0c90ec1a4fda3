using System.Globalization;

namespace EventBroker.Cli.Infrastructure;

/// <summary>Timestamps as mqadmin reads and prints them.</summary>
internal static class Timestamps
{
    /// <summary>UtilAll.YYYY_MM_DD_HH_MM_SS_SSS, the form resetOffsetByTime and consumeMessage accept.</summary>
    public const string MqadminFormat = "yyyy-MM-dd#HH:mm:ss:SSS";

    /// <summary>
    /// Parses <c>now</c>, milliseconds since the epoch, or <c>yyyy-MM-dd#HH:mm:ss:SSS</c> in local time, as
    /// mqadmin does; anything else is an error naming the accepted forms.
    /// </summary>
    public static long Parse(string text, TimeProvider time)
    {
        var value = text.Trim();
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return millis;
        }
        if (DateTime.TryParseExact(value, "yyyy-MM-dd#HH:mm:ss:fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
        {
            return new DateTimeOffset(local).ToUnixTimeMilliseconds();
        }
        throw new AdminException($"'{text}' is not a timestamp: use now, milliseconds since 1970 (1700000000000) or {MqadminFormat} (2024-01-31#13:45:00:000, local time)");
    }

    /// <summary>UtilAll.timeMillisToHumanString2: local time, or "-" for none.</summary>
    public static string Human(long millis) => millis <= 0
        ? "-"
        : DateTimeOffset.FromUnixTimeMilliseconds(millis).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
}
