using Npgsql;

namespace AisLive.Server.Alerts;

/// <summary>
/// Fencing (SPEC 13.1): a cluster's leader registers its term before it evaluates, and every transition it writes
/// carries its term; one written after a later term began (a former leader waking from a pause) is refused in the
/// transaction that would write it. One process's transitions carry no term and are never refused.
/// </summary>
public sealed partial class AlertStore
{
    private long _fenced;

    /// <summary>Transitions a former leadership term tried to write after a later term began: refused.</summary>
    public long FencedTransitions => Interlocked.Read(ref _fenced);

    /// <summary>
    /// A cluster node that takes the feed registers its term before it evaluates: from then on, transitions of any
    /// earlier term are refused (see <see cref="InCurrentTermAsync"/>).
    /// </summary>
    public async Task BeginTermAsync(long term, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE leadership_term SET term = GREATEST(term, $1) WHERE id = 1");
        command.Parameters.AddWithValue(term);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Fencing, in the transaction about to write a transition: true when no later term than <paramref name="term"/>
    /// has begun (always, for one process's transitions, which carry none). The row stays share-locked until the
    /// transaction ends, so a term that begins meanwhile waits for it and then refuses the rest.
    /// </summary>
    private async Task<bool> InCurrentTermAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? term, CancellationToken cancellationToken)
    {
        if (term is not { } mine)
        {
            return true;
        }

        await using var command = new NpgsqlCommand("SELECT term FROM leadership_term WHERE id = 1 FOR SHARE", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is long current && current > mine)
        {
            Interlocked.Increment(ref _fenced);
            return false;
        }

        return true;
    }
}
