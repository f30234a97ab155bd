using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AisLive.Server.Storage;

/// <summary>
/// The one way the service retries work against PostgreSQL (migration, the storage flusher, the alert persister,
/// the fleet and rule loaders, the alert evaluator's restore): a Polly.Core retry on the same transient faults,
/// every <see cref="StorageOptions.RetryInterval"/> on the service's clock, until the database takes it or the
/// service stops; the database is marked unreachable meanwhile, and each concern logs its first failure and then
/// about every 30 attempts.
/// </summary>
public sealed partial class DatabaseRetry(DatabaseState database, IOptions<StorageOptions> options, TimeProvider time, ILogger<DatabaseRetry> logger)
{
    /// <summary>
    /// True for what a database outage throws (and nothing a bug would). A row the database refuses for its content
    /// (<see cref="IsRowFault"/>) is not an outage: retrying it would fail the same way for ever.
    /// </summary>
    public static bool IsOutage(Exception ex) =>
        !IsRowFault(ex) && ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException;

    /// <summary>SQLSTATE class 22 (data exception: a NUL in a text, a number out of range) or 23 (integrity constraint): the row's fault.</summary>
    public static bool IsRowFault(Exception ex) =>
        ex is Npgsql.PostgresException { SqlState: [('2'), ('2' or '3'), ..] };

    /// <param name="concern">Names the work in the log.</param>
    /// <param name="onFailure">Called on each failed attempt (a metric, for instance).</param>
    /// <param name="keepTrying">Checked after each failure; false gives up and lets the exception through.</param>
    public ResiliencePipeline For(string concern, Action<Exception>? onFailure = null, Func<bool>? keepTrying = null) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsOutage(ex) && (keepTrying?.Invoke() ?? true)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = options.Value.RetryInterval,
                UseJitter = false,
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception!;
                    database.IsReachable = false;
                    database.LastError = error.Message;
                    onFailure?.Invoke(error);
                    if (args.AttemptNumber % 30 == 0)
                    {
                        Log.Retrying(logger, concern, args.AttemptNumber + 1, error.Message);
                    }

                    return default;
                },
            })
            .Build();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Concern}: the database did not take it (attempt {Attempt}), retrying: {Error}")]
        public static partial void Retrying(ILogger logger, string concern, int attempt, string error);
    }
}
