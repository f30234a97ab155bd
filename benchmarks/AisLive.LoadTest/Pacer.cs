using System.Diagnostics;

namespace AisLive.LoadTest;

/// <summary>Sends at a steady rate: every 5 ms, whatever is due by then, each with its send time.</summary>
internal static class Pacer
{
    /// <summary>Calls <paramref name="send"/> <paramref name="rate"/> times a second for <paramref name="seconds"/>; returns how many and over how long.</summary>
    public static async Task<(long Sent, double Seconds)> RunAsync(int rate, int seconds, Func<long, DateTimeOffset, Task> send)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (clock.Elapsed.TotalSeconds < seconds && await pace.WaitForNextTickAsync())
        {
            // Never past the end: a receiver that stops reading (nchan at 20,000 x 1,000) slows the sends, and what
            // is still due when the time is up is not sent rather than stretching the measured window.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due && clock.Elapsed.TotalSeconds < seconds; sent++)
            {
                await send(sent, DateTimeOffset.UtcNow);
            }
        }

        return (sent, clock.Elapsed.TotalSeconds);
    }
}
