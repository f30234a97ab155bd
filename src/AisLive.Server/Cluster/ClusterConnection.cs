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
/// first, with its settings; a node that finds them keeps them as they are and logs any setting of its own that
/// differs (see <see cref="FindOrCreateAsync"/>).
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
        LeaseTtl = _options.LeaseTtl;
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
                var wanted = LogConfig();
                var stream = await FindOrCreateAsync(
                    () => JetStream.GetStreamAsync(ClusterNames.Stream, cancellationToken: cancellationToken).AsTask(),
                    () => JetStream.CreateStreamAsync(wanted, cancellationToken).AsTask(),
                    () => JetStream.CreateOrUpdateStreamAsync(wanted, cancellationToken).AsTask());
                var found = stream.Info.Config;
                if (found.Retention != wanted.Retention || found.Discard != wanted.Discard || found.Subjects?.Contains(ClusterNames.MessagesSubject) != true)
                {
                    throw new InvalidOperationException($"The NATS stream {ClusterNames.Stream} is not this version's log (retention {found.Retention}, discard {found.Discard}); this node will not use it.");
                }

                Differs("log stream", "MaxBytes (Cluster:LogMaxBytes)", found.MaxBytes, wanted.MaxBytes);
                Differs("log stream", "replicas (Cluster:Replicas)", found.NumReplicas, wanted.NumReplicas);
                Differs("log stream", "duplicate window (Cluster:DuplicateWindow)", found.DuplicateWindow, wanted.DuplicateWindow);

                var consumerWanted = StorageConsumerConfig();
                var consumer = await FindOrCreateAsync(
                    () => JetStream.GetConsumerAsync(ClusterNames.Stream, ClusterNames.StorageConsumer, cancellationToken).AsTask(),
                    () => JetStream.CreateConsumerAsync(ClusterNames.Stream, consumerWanted, cancellationToken).AsTask(),
                    () => JetStream.CreateOrUpdateConsumerAsync(ClusterNames.Stream, consumerWanted, cancellationToken).AsTask());
                if (consumer.Info.Config.AckPolicy != ConsumerConfigAckPolicy.Explicit)
                {
                    throw new InvalidOperationException($"The NATS consumer {ClusterNames.StorageConsumer} does not acknowledge explicitly; this node will not store through it.");
                }

                Differs("storage consumer", "ack wait (Cluster:StorageAckWait)", consumer.Info.Config.AckWait, consumerWanted.AckWait);
                Differs("storage consumer", "replicas (Cluster:Replicas)", consumer.Info.Config.NumReplicas, consumerWanted.NumReplicas);
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

    private StreamConfig LogConfig() => new(ClusterNames.Stream, [ClusterNames.MessagesSubject])
    {
        // Interest: a message stays until every consumer has it, so the storage consumer's unacknowledged messages
        // are kept through a database outage; with a size limit and DiscardNew, a full log refuses new messages
        // instead of dropping unstored ones.
        Retention = StreamConfigRetention.Interest,
        Discard = StreamConfigDiscard.New,
        MaxBytes = _options.LogMaxBytes,
        Storage = StreamConfigStorage.File,
        DuplicateWindow = _options.DuplicateWindow,
        NumReplicas = _options.Replicas,
    };

    private ConsumerConfig StorageConsumerConfig() => new(ClusterNames.StorageConsumer)
    {
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        AckWait = _options.StorageAckWait,
        MaxAckPending = 100_000,
        MaxDeliver = -1,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        NumReplicas = _options.Replicas,
    };

    /// <summary>
    /// The cluster's shared object as it is: found, or created with this node's settings when there is none. Only
    /// with <see cref="ClusterOptions.UpdateSharedObjects"/> does this node's configuration replace what it finds:
    /// one node's settings must not quietly change everyone's (a rolling change of the lease's TTL would make
    /// leadership flap; a node started with one replica would downgrade a replicated log).
    /// </summary>
    private async Task<T> FindOrCreateAsync<T>(Func<Task<T>> find, Func<Task<T>> create, Func<Task<T>> update)
    {
        if (_options.UpdateSharedObjects)
        {
            return await update();
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await find();
            }
            catch (NatsJSApiException ex) when (ex.Error.Code == 404)
            {
                // not there yet: this node is the first
            }

            try
            {
                return await create();
            }
            catch (NatsJSApiException ex) when (ex.Error.Code == 400 && attempt == 0)
            {
                // another node created it first, with other settings: use theirs
            }
        }
    }

    private void Differs<T>(string what, string setting, T found, T wanted)
    {
        if (!EqualityComparer<T>.Default.Equals(found, wanted))
        {
            Log.SettingDiffers(_logger, what, setting, found?.ToString() ?? "none", wanted?.ToString() ?? "none");
        }
    }

    /// <summary>
    /// The lease bucket: a key there lives for the bucket's max age past its last write. The bucket's, not this node's
    /// setting, is the lease's TTL (<see cref="LeaseTtl"/>): a node that renewed on a longer TTL than the bucket keeps
    /// would lose the key while it still thought it led.
    /// </summary>
    public async Task<INatsKVStore> LeaseBucketAsync(CancellationToken cancellationToken)
    {
        if (_lease is { } lease)
        {
            return lease;
        }

        var kv = Nats.CreateKeyValueStoreContext();
        var wanted = new NatsKVConfig(ClusterNames.LeaseBucket) { MaxAge = _options.LeaseTtl, History = 1, Storage = NatsKVStorageType.File, NumberOfReplicas = _options.Replicas };
        var store = await FindOrCreateAsync(
            () => kv.GetStoreAsync(ClusterNames.LeaseBucket, cancellationToken).AsTask(),
            () => kv.CreateStoreAsync(wanted, cancellationToken).AsTask(),
            () => kv.CreateOrUpdateStoreAsync(wanted, cancellationToken).AsTask());
        var status = await store.GetStatusAsync(cancellationToken);
        var ttl = status.Info.Config.MaxAge;
        Differs("lease bucket", "TTL (Cluster:LeaseTtl)", ttl, _options.LeaseTtl);
        Differs("lease bucket", "replicas (Cluster:Replicas)", status.Info.Config.NumReplicas, _options.Replicas);
        LeaseTtl = ttl > TimeSpan.Zero ? ttl : _options.LeaseTtl;
        return _lease = store;
    }

    /// <summary>The presence bucket (see <see cref="PresenceBucket"/>): found, or created with <paramref name="ttl"/>.</summary>
    public async Task<INatsKVStore> PresenceBucketAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var kv = Nats.CreateKeyValueStoreContext();
        var wanted = new NatsKVConfig(ClusterNames.PresenceBucket) { MaxAge = ttl, History = 1, Storage = NatsKVStorageType.Memory, NumberOfReplicas = _options.Replicas };
        return await FindOrCreateAsync(
            () => kv.GetStoreAsync(ClusterNames.PresenceBucket, cancellationToken).AsTask(),
            () => kv.CreateStoreAsync(wanted, cancellationToken).AsTask(),
            () => kv.CreateOrUpdateStoreAsync(wanted, cancellationToken).AsTask());
    }

    /// <summary>The lease's time-to-live: the lease bucket's (see <see cref="LeaseBucketAsync"/>), this node's setting until it is known.</summary>
    public TimeSpan LeaseTtl { get; private set; }

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

        [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "The cluster's {What} has {Setting} {Found}, this node's configuration says {Wanted}: keeping the cluster's (start one node with Cluster:UpdateSharedObjects=true to change it)")]
        public static partial void SettingDiffers(ILogger logger, string what, string setting, string found, string wanted);
    }
}
