using System.Globalization;

namespace AisLive.LoadTest;

/// <summary>CPU time and resident memory of a process, from /proc.</summary>
public readonly record struct ProcessStats(TimeSpan CpuTime, long RssBytes)
{
    public static ProcessStats Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime + stime
        var rssKb = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new ProcessStats(TimeSpan.FromSeconds(ticks / 100.0), long.Parse(rssKb, CultureInfo.InvariantCulture) * 1024);
    }
}
