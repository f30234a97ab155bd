using System.Diagnostics;

namespace AisLive.Testing;

/// <summary>
/// The real service as a separate OS process, for what only a process can show: SIGKILL and SIGTERM.
/// Settings go in as environment variables (<c>Section__Key</c>), exactly as an operator would pass them.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private readonly SemaphoreSlim _printed = new(0, 1);
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the process and returns once Kestrel is listening (by then SIGTERM is handled gracefully).</summary>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [ServerDll()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        // The suite's recordings and frames carry fixed dates (2026-11-01) that age: without these, the pipeline would
        // refuse them as too old and retention would prune them. The bad-clock tests set the defaults back.
        start.Environment["Pipeline__MaxAge"] = "3650.00:00:00";
        start.Environment["Storage__RetentionDays"] = "3650";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new ServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, e) => server.Received(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Received(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The server did not start listening within 60 s. Output:\n" + server.Output);
        }

        return server;
    }

    public Uri Address => _listening.Task.Result;

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        try
        {
            _printed.Release(); // a doorbell: one pending ring at most
        }
        catch (SemaphoreFullException)
        {
            // rung already
        }

        const string marker = "Now listening on: ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: what systemd or Kubernetes sends; the host shuts down gracefully.</summary>
    public void Terminate() => UnixSignals.Send(_process.Id, UnixSignals.Terminate);

    /// <summary>SIGSTOP: the process is frozen, as a paused VM or a long GC pause would freeze it; nothing in it runs.</summary>
    public void Pause() => UnixSignals.Send(_process.Id, UnixSignals.Stop);

    /// <summary>SIGCONT: it runs again, with its clocks moved on.</summary>
    public void Resume() => UnixSignals.Send(_process.Id, UnixSignals.Continue);

    /// <summary>Completes when the process prints a line containing <paramref name="text"/> (or has printed one already).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            try
            {
                await _printed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The process did not print \"{text}\" within {timeout}. Output:\n{Output}");
            }
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _printed.Dispose();
    }

    /// <summary>The server binary built alongside these tests (same configuration).</summary>
    private static string ServerDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "AisLive.Server.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "AisLive.Server.runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "AisLive.Server", "bin", configuration, "net10.0", "AisLive.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("AisLive.Server.dll was not found; build the solution first.");
    }
}
