using System.Globalization;

namespace AisLive.LoadTest;

/// <summary>CPU time and resident memory of a process, from /proc.</summary>
public readonly record struct ProcessStats(TimeSpan CpuTime, long RssBytes)
{
    public static ProcessStats Read(int pid) => ReadFrom($"/proc/{pid}");

    /// <summary>One thread's own CPU time (<c>/proc/&lt;tid&gt;</c> would give its whole process's); the RSS is the process's.</summary>
    public static ProcessStats ReadThread(int pid, int tid) => ReadFrom($"/proc/{pid}/task/{tid}");

    private static ProcessStats ReadFrom(string directory)
    {
        var stat = File.ReadAllText($"{directory}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime + stime
        var rssKb = File.ReadLines($"{directory}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new ProcessStats(TimeSpan.FromSeconds(ticks / 100.0), long.Parse(rssKb, CultureInfo.InvariantCulture) * 1024);
    }
}
