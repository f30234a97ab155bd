using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace AisLive.Server.Cluster;

/// <summary>
/// This node's connection to NATS (the client reconnects by itself) and the cluster's JetStream objects: the log
/// stream with the storage consumer, and the lease bucket. They are created on first use by whichever node comes
/// first and are the same for every node after (create-or-update with one configuration).
/// </summary>
public sealed partial class ClusterConnection : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly ILogger<ClusterConnection> _logger;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private string? _epoch;
    private INatsKVStore? _lease;

    public ClusterConnection(IOptions<ClusterOptions> options, ILogger<ClusterConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        Nats = new NatsConnection(new NatsOpts
        {
            Url = _options.NatsUrl!,
            Name = $"aislive {_options.NodeId}",
            MaxReconnectRetry = -1, // ride out any outage
        });
        JetStream = Nats.CreateJetStreamContext();
    }

    public NatsConnection Nats { get; }

    public INatsJSContext JetStream { get; }

    public string NodeId => _options.NodeId;

    public ClusterOptions Options => _options;

    /// <summary>
    /// The log's epoch: when its stream was created (event ids carry it, so they mean the same on every node). Waits,
    /// trying again every second, while NATS cannot be reached.
    /// </summary>
    public async Task<string> EnsureLogAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await TryEnsureLogAsync(cancellationToken);
            }
            catch (Exception ex) when (IsOutage(ex) && !cancellationToken.IsCancellationRequested)
            {
                Log.NatsUnavailable(_logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>NATS is not reachable now, or JetStream did not answer in time: worth trying again.</summary>
    public static bool IsOutage(Exception ex) => ex is NatsException or TimeoutException || (ex is OperationCanceledException && ex.InnerException is TimeoutException);

    private async Task<string> TryEnsureLogAsync(CancellationToken cancellationToken)
    {
        if (_epoch is { } epoch)
        {
            return epoch;
        }

        await _setup.WaitAsync(cancellationToken);
        try
        {
            if (_epoch is null)
            {
                var stream = await JetStream.CreateOrUpdateStreamAsync(
                    new StreamConfig(ClusterNames.Stream, [ClusterNames.MessagesSubject])
                    {
                        // Interest: a message stays until every consumer has it, so the storage consumer's
                        // unacknowledged messages are kept through a database outage; with a size limit and
                        // DiscardNew, a full log refuses new messages instead of dropping unstored ones.
                        Retention = StreamConfigRetention.Interest,
                        Discard = StreamConfigDiscard.New,
                        MaxBytes = _options.LogMaxBytes,
                        Storage = StreamConfigStorage.File,
                        DuplicateWindow = TimeSpan.FromMinutes(2),
                        NumReplicas = _options.Replicas,
                    },
                    cancellationToken);
                await JetStream.CreateOrUpdateConsumerAsync(
                    ClusterNames.Stream,
                    new ConsumerConfig(ClusterNames.StorageConsumer)
                    {
                        AckPolicy = ConsumerConfigAckPolicy.Explicit,
                        AckWait = _options.StorageAckWait,
                        MaxAckPending = 100_000,
                        MaxDeliver = -1,
                        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                        NumReplicas = _options.Replicas,
                    },
                    cancellationToken);
                _epoch = stream.Info.Created.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                Log.LogReady(_logger, ClusterNames.Stream, stream.Info.State.FirstSeq, stream.Info.State.LastSeq, _epoch);
            }

            return _epoch;
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>The lease bucket: a key there lives <see cref="ClusterOptions.LeaseTtl"/> past its last write.</summary>
    public async Task<INatsKVStore> LeaseBucketAsync(CancellationToken cancellationToken) =>
        _lease ??= await Nats.CreateKeyValueStoreContext().CreateOrUpdateStoreAsync(
            new NatsKVConfig(ClusterNames.LeaseBucket) { MaxAge = _options.LeaseTtl, History = 1, Storage = NatsKVStorageType.File, NumberOfReplicas = _options.Replicas },
            cancellationToken);

    /// <summary>The log's state now (first and last sequence, bytes), for readiness and lag.</summary>
    public async Task<StreamState> LogStateAsync(CancellationToken cancellationToken) =>
        (await JetStream.GetStreamAsync(ClusterNames.Stream, cancellationToken: cancellationToken)).Info.State;

    public ValueTask DisposeAsync()
    {
        _setup.Dispose();
        return Nats.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Cluster log {Stream} ready: sequences {First} to {Last}, epoch {Epoch}")]
        public static partial void LogReady(ILogger logger, string stream, ulong first, ulong last, string epoch);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "NATS is not reachable ({Error}); trying again every second")]
        public static partial void NatsUnavailable(ILogger logger, string error);
    }
}
