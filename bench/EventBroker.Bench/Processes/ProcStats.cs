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
        return Ticks(text) / TicksPerSecond.Value;
    }

    /// <summary>utime + stime of a stat line.</summary>
    private static long Ticks(string stat)
    {
        // The command name (field 2) may contain spaces; counting starts after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Machine-wide busy and iowait CPU seconds since boot from the first line of /proc/stat. Other work on a
    /// shared machine shows up as busy time that neither the generator nor the gateway accounts for.
    /// </summary>
    public static (double Busy, double IoWait) MachineCpuSeconds()
    {
        var line = TryRead("/proc/stat")?.Split('\n')[0];
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return (0, 0);
        }
        // user nice system idle iowait irq softirq steal ...; guest time is already inside user.
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        return (busy / TicksPerSecond.Value, v[4] / TicksPerSecond.Value);
    }

    /// <summary>CPU seconds of each thread of a process, keyed by thread id, with the thread's name (comm).</summary>
    public static Dictionary<int, (string Name, double Seconds)> ThreadCpuSeconds(int pid)
    {
        var threads = new Dictionary<int, (string, double)>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return threads;
        }
        foreach (var task in tasks)
        {
            var stat = TryRead(Path.Combine(task, "stat"));
            if (stat is null || !int.TryParse(Path.GetFileName(task), out var tid))
            {
                continue;
            }
            var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            threads[tid] = (name, Ticks(stat) / TicksPerSecond.Value);
        }
        return threads;
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
