using System.Globalization;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// The broker's delay levels (RocketMQ's messageDelayLevel, default "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"):
/// a requested delay becomes the smallest level at least as long, or the last level when none is.
/// </summary>
public sealed class RocketMqDelayLevels
{
    public const string Default = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    readonly TimeSpan[] _delays;

    RocketMqDelayLevels(TimeSpan[] delays) => _delays = delays;

    public int MaxLevel => _delays.Length;

    /// <summary>The delay of level 1..MaxLevel.</summary>
    public TimeSpan Delay(int level) => _delays[Math.Clamp(level, 1, _delays.Length) - 1];

    /// <summary>The nearest level whose delay is at least <paramref name="delay"/> (level 1 for no delay; the last level for longer ones).</summary>
    public int LevelFor(TimeSpan delay)
    {
        for (var i = 0; i < _delays.Length; i++)
        {
            if (_delays[i] >= delay)
            {
                return i + 1;
            }
        }
        return _delays.Length;
    }

    /// <exception cref="FormatException">Names the entry that is not a positive number followed by s, m, h or d.</exception>
    public static RocketMqDelayLevels Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("messageDelayLevel is empty: give the broker's levels, such as \"1s 5s 10s 30s 1m\".");
        }
        var delays = new TimeSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length < 2 || !long.TryParse(part.AsSpan(0, part.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                throw new FormatException($"messageDelayLevel entry '{part}' is not a positive number followed by s, m, h or d.");
            }
            delays[i] = part[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                var unit => throw new FormatException($"messageDelayLevel entry '{part}' has unit '{unit}'; use s, m, h or d."),
            };
        }
        return new RocketMqDelayLevels(delays);
    }
}
