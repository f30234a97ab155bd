using AisLive.Server.Pipeline;
using Npgsql;

namespace AisLive.Server.Storage;

/// <summary>
/// The clock for decisions that compare a time one process wrote with "now" in another: escalation deadlines,
/// webhook claims and retries. One process has one clock, its <see cref="TimeProvider"/> (which tests drive); a
/// cluster's nodes each have their own, which drift, so there it is the database's <c>now()</c>, one clock for every
/// node (<see cref="Database"/>).
/// </summary>
public abstract class DecisionClock
{
    public abstract ValueTask<DateTimeOffset> NowAsync(CancellationToken cancellationToken);

    public static void Register(IServiceCollection services, PipelineMode mode)
    {
        if (mode == PipelineMode.SingleProcess)
        {
            services.AddSingleton<DecisionClock, Process>();
        }
        else
        {
            services.AddSingleton<DecisionClock, Database>();
        }
    }

    /// <summary>One process: its own clock.</summary>
    public sealed class Process(TimeProvider time) : DecisionClock
    {
        public override ValueTask<DateTimeOffset> NowAsync(CancellationToken cancellationToken) => ValueTask.FromResult(time.GetUtcNow());
    }

    /// <summary>A cluster node: the database's clock, read when a decision needs it (a poll's round trip).</summary>
    public sealed class Database(NpgsqlDataSource dataSource) : DecisionClock
    {
        public override async ValueTask<DateTimeOffset> NowAsync(CancellationToken cancellationToken)
        {
            await using var command = dataSource.CreateCommand("SELECT now()");
            return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, TimeSpan.Zero);
        }
    }
}
