namespace AisLive.Server.Storage;

/// <summary>What readiness and the writer need to know about the database: migrated yet, reachable now.</summary>
public sealed class DatabaseState
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsMigrated => _migrated.Task.IsCompletedSuccessfully;

    /// <summary>Set by the writer after each attempt; readiness reports it.</summary>
    public bool IsReachable { get; set; }

    public string? LastError { get; set; }

    public Task WaitForMigrationAsync(CancellationToken cancellationToken) => _migrated.Task.WaitAsync(cancellationToken);

    public void MarkMigrated()
    {
        IsReachable = true;
        _migrated.TrySetResult();
    }
}
