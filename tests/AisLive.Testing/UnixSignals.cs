using System.Runtime.InteropServices;

namespace AisLive.Testing;

/// <summary>Signals to child processes: what an operator's kill, a frozen VM (SIGSTOP) and its thaw (SIGCONT) do.</summary>
public static partial class UnixSignals
{
    public const int Terminate = 15;
    public const int Stop = 19;
    public const int Continue = 18;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
