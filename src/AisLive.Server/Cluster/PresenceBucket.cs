using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using AisLive.Server.Presence;
using AisLive.Server.Streaming;
using NATS.Client.KeyValueStore;

namespace AisLive.Server.Cluster;

/// <summary>
/// Presence across the cluster: every node keeps, in the key-value bucket <see cref="ClusterNames.PresenceBucket"/>,
/// who watches each fleet through it (key <c>{fleet}.{node}</c>), written on every change and again every
/// <see cref="RefreshEvery"/>; entries live <see cref="Ttl"/> past their last write, so a node that dies leaves no
/// watchers behind for longer than that. Every node watches the bucket and merges the others' entries into its own
/// (<see cref="PresenceTracker"/>), so <c>watchers</c> is the same on every node.
/// </summary>
public sealed partial class PresenceBucket(ClusterConnection cluster, TimeProvider time, ILogger<PresenceBucket> logger) : BackgroundService, IPresenceShare
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, IReadOnlyList<WatcherView>> _mine = new();
    private readonly ConcurrentDictionary<(long Fleet, string Node), (IReadOnlyList<WatcherView> Watchers, long HeardAt)> _others = new();
    private readonly ConcurrentDictionary<long, byte> _unshared = new(); // fleets whose watchers changed since last written
    private readonly Doorbell _changed = new();

    public event Action<long>? OthersChanged;

    public void Share(long fleetId, IReadOnlyList<WatcherView> local)
    {
        _mine[fleetId] = local;
        _unshared[fleetId] = 0;
        _changed.Ring();
    }

    /// <summary>
    /// The others' watchers of the fleet, as heard within <see cref="Ttl"/> (JetStream tells a bucket's watchers
    /// nothing when an entry lapses, so a node that died is forgotten here by the age of what it last said).
    /// </summary>
    public IReadOnlyList<WatcherView> Others(long fleetId) =>
        [.. _others.Where(o => o.Key.Fleet == fleetId && time.GetElapsedTime(o.Value.HeardAt) <= Ttl).SelectMany(o => o.Value.Watchers)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = KeyPart(cluster.NodeId);
        var bucket = await Retrying(() => cluster.PresenceBucketAsync(Ttl, stoppingToken), stoppingToken);
        var sharing = Task.WhenAll(WriteAsync(bucket, node, stoppingToken), ReadAsync(bucket, node, stoppingToken));

        // The bucket's watch does not always end when its token is cancelled: stopping does not wait for it.
        await Task.WhenAny(sharing, Task.Delay(Timeout.Infinite, stoppingToken));
        if (!stoppingToken.IsCancellationRequested)
        {
            await sharing;
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until NATS answers it (each part here rides out an outage by itself).</summary>
    private async Task<T> Retrying<T>(Func<Task<T>> attempt, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                Log.Failed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>This node's watchers: each change at once, and every fleet again before its entry lapses.</summary>
    private async Task WriteAsync(INatsKVStore bucket, string node, CancellationToken stoppingToken)
    {
        using var refresh = new PeriodicTimer(RefreshEvery, time);
        var due = refresh.WaitForNextTickAsync(stoppingToken).AsTask();
        var changed = _changed.WaitAsync(stoppingToken).AsTask(); // one wait at a time: kept across a refresh
        while (true)
        {
            if (await Task.WhenAny(changed, due) == changed)
            {
                await changed;
                changed = _changed.WaitAsync(stoppingToken).AsTask();
            }
            else
            {
                await due;
                foreach (var fleetId in _mine.Keys)
                {
                    _unshared[fleetId] = 0; // written again before its entry lapses
                }

                due = refresh.WaitForNextTickAsync(stoppingToken).AsTask();
            }

            foreach (var fleetId in _unshared.Keys)
            {
                _unshared.TryRemove(fleetId, out _);
                var key = $"{fleetId.ToString(CultureInfo.InvariantCulture)}.{node}";
                try
                {
                    if (_mine.TryGetValue(fleetId, out var watchers) && watchers.Count > 0)
                    {
                        await bucket.PutAsync(key, JsonSerializer.Serialize(watchers, JsonSerializerOptions.Web), cancellationToken: stoppingToken);
                    }
                    else
                    {
                        _mine.TryRemove(fleetId, out _);
                        await bucket.DeleteAsync(key, cancellationToken: stoppingToken);
                    }
                }
                catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
                {
                    _unshared[fleetId] = 0; // written at the next change or refresh
                    Log.Failed(logger, ex.Message);
                    break;
                }
            }
        }
    }

    /// <summary>The other nodes' watchers, as the bucket changes (an entry deleted or lapsed removes them).</summary>
    private async Task ReadAsync(INatsKVStore bucket, string node, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadEntriesAsync(bucket, node, stoppingToken);
            }
            catch (Exception ex) when (ClusterConnection.IsOutage(ex) && !stoppingToken.IsCancellationRequested)
            {
                Log.Failed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task ReadEntriesAsync(INatsKVStore bucket, string node, CancellationToken stoppingToken)
    {
        await foreach (var entry in bucket.WatchAsync<string>(">", cancellationToken: stoppingToken))
        {
            var dot = entry.Key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || !long.TryParse(entry.Key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var fleetId))
            {
                continue;
            }

            var from = entry.Key[(dot + 1)..];
            if (from == node)
            {
                continue; // this node's own
            }

            if (entry.Operation == NatsKVOperation.Put && entry.Value is { } json && JsonSerializer.Deserialize<List<WatcherView>>(json, JsonSerializerOptions.Web) is { } watchers)
            {
                _others[(fleetId, from)] = (watchers, time.GetTimestamp());
            }
            else
            {
                _others.TryRemove((fleetId, from), out _);
            }

            OthersChanged?.Invoke(fleetId);
        }
    }

    /// <summary>A node id as a key part (keys allow letters, digits, <c>-</c>, <c>_</c> and <c>=</c> there).</summary>
    private static string KeyPart(string nodeId) => string.Concat(nodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' ? c : '_'));

    private static partial class Log
    {
        [LoggerMessage(EventId = 8701, Level = LogLevel.Warning, Message = "Sharing presence with the other nodes failed ({Error}); trying again")]
        public static partial void Failed(ILogger logger, string error);
    }
}
