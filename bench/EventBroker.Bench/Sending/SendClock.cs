using System.Diagnostics;

namespace EventBroker.Bench.Sending;

/// <summary>The send phase's timeline in Stopwatch ticks: warm-up until <see cref="MeasureStart"/>, measurement until <see cref="End"/>.</summary>
public sealed class SendClock
{
    private long _end;

    public SendClock(TimeSpan warmup, TimeSpan duration)
    {
        Start = Stopwatch.GetTimestamp();
        MeasureStart = Start + ToTicks(warmup);
        _end = MeasureStart + ToTicks(duration);
        Duration = duration;
    }

    public long Start { get; }
    public long MeasureStart { get; }
    public long End => Volatile.Read(ref _end);
    public TimeSpan Duration { get; private set; }

    public bool IsOver => Stopwatch.GetTimestamp() >= End;

    /// <summary>Ends the run early (Ctrl+C, or every sender gone); the measured duration shrinks to what actually ran.</summary>
    public void StopNow()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < End)
        {
            Volatile.Write(ref _end, now);
            Duration = now > MeasureStart ? Stopwatch.GetElapsedTime(MeasureStart, now) : TimeSpan.Zero;
        }
    }

    public static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static long TicksToMicros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
