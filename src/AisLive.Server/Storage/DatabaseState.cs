namespace AisLive.Server.Storage;

/// <summary>What readiness and the workers need to know about the database: migrated yet, reachable now, journal full.</summary>
public sealed class DatabaseState
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsMigrated => _migrated.Task.IsCompletedSuccessfully;

    /// <summary>Set after each attempt to reach the database.</summary>
    public bool IsReachable { get; set; }

    /// <summary>The journal reached its size bound: ingest is being held back.</summary>
    public bool JournalFull { get; set; }

    public string? LastError { get; set; }

    public Task WaitForMigrationAsync(CancellationToken cancellationToken) => _migrated.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Waits for <paramref name="ready"/> (work that needs the database, such as the migration) unless the service
    /// is stopping while the database has refused every attempt so far: then there is nothing to wait for, and
    /// waiting would only hold shutdown until its timeout. Returns false in that case. A slow start is waited for.
    /// </summary>
    public async Task<bool> WaitUnlessRefusedAsync(Task ready, CancellationToken applicationStopping)
    {
        var stopping = Task.Delay(Timeout.Infinite, applicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
        if (await Task.WhenAny(ready, stopping) != ready && LastError is not null)
        {
            return false;
        }

        await ready;
        return true;
    }

    public void MarkMigrated()
    {
        IsReachable = true;
        _migrated.TrySetResult();
    }
}
