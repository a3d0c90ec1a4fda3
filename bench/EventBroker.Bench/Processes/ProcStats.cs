using System.Globalization;
using System.Runtime.InteropServices;

namespace EventBroker.Bench.Processes;

/// <summary>Reads a Linux process's CPU time and memory straight from /proc, the same numbers top and ps show.</summary>
public static class ProcStats
{
    private const int ScClkTck = 2;

    private static readonly Lazy<double> TicksPerSecond = new(() =>
    {
        var ticks = sysconf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    });

    /// <summary>utime + stime from /proc/&lt;pid&gt;/stat in seconds; null when the process is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        if (text is null)
        {
            return null;
        }
        // The command name (field 2) may contain spaces; counting starts after its closing parenthesis.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond.Value;
    }

    /// <summary>VmRSS and VmHWM (peak RSS) from /proc/&lt;pid&gt;/status in MiB; null when the process is gone.</summary>
    public static (double RssMb, double PeakRssMb)? Memory(int pid)
    {
        var text = TryRead($"/proc/{pid}/status");
        if (text is null)
        {
            return null;
        }
        double rss = 0, hwm = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KilobytesToMb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = KilobytesToMb(line);
            }
        }
        return (rss, hwm);
    }

    private static double KilobytesToMb(string line)
    {
        var value = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(value, CultureInfo.InvariantCulture) / 1024.0;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long sysconf(int name);
}
