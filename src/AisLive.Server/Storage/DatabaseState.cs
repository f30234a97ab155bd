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

    public void MarkMigrated()
    {
        IsReachable = true;
        _migrated.TrySetResult();
    }
}
