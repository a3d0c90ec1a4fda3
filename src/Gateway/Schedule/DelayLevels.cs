using System.Globalization;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// RocketMQ's delay levels (messageDelayLevel, default "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"):
/// a message with DELAY=n waits in SCHEDULE_TOPIC_XXXX queue n-1 until its level's delay has passed.
/// </summary>
public sealed class DelayLevels
{
    public const string ScheduleTopic = "SCHEDULE_TOPIC_XXXX";
    public const string Default = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private readonly TimeSpan[] _delays;

    private DelayLevels(TimeSpan[] delays) => _delays = delays;

    public int MaxLevel => _delays.Length;

    /// <summary>The delay of a level, levels above the last counting as the last (as RocketMQ clamps them).</summary>
    public TimeSpan Delay(int level) => _delays[Math.Clamp(level, 1, _delays.Length) - 1];

    public int Clamp(int level) => Math.Min(level, _delays.Length);

    /// <exception cref="FormatException">Names the entry that is not a number followed by s, m, h or d.</exception>
    public static DelayLevels Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("messageDelayLevel is empty: give levels such as \"1s 5s 10s 30s 1m\".");
        }
        var delays = new TimeSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var unit = part[^1];
            if (part.Length < 2 || !long.TryParse(part.AsSpan(0, part.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                throw new FormatException($"messageDelayLevel entry '{part}' is not a positive number followed by s, m, h or d.");
            }
            delays[i] = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => throw new FormatException($"messageDelayLevel entry '{part}' has unit '{unit}'; use s, m, h or d."),
            };
        }
        return new DelayLevels(delays);
    }
}
