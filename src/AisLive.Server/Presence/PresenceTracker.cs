using System.Security.Claims;
using System.Text.Json;
using AisLive.Server.Alerts;
using AisLive.Server.Fleets;
using AisLive.Server.Live;
using AisLive.Server.Security;
using AisLive.Server.Streaming;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Presence;

/// <summary>
/// Who is on watch, per fleet: people with the fleet's stream open, and members with their alerts stream open (their
/// alerts are the fleet's). A change is announced on the fleet's streams as <c>event: presence</c> once the debounce
/// window has passed, with the state at that moment, so a burst of changes is one event. On a cluster node the
/// watchers through the other nodes are merged in (<see cref="IPresenceShare"/>), and this node's are shared.
/// </summary>
public sealed class PresenceTracker : IStreamWatchers, IDisposable
{
    private readonly FleetDirectory _fleets;
    private readonly LiveHub _hub;
    private readonly IOptions<PresenceOptions> _options;
    private readonly TimeProvider _time;
    private readonly IPresenceShare? _share;

    public PresenceTracker(FleetDirectory fleets, LiveHub hub, IOptions<PresenceOptions> options, TimeProvider time, IPresenceShare? share = null)
    {
        (_fleets, _hub, _options, _time, _share) = (fleets, hub, options, time, share);
        if (_share is not null)
        {
            _share.OthersChanged += OthersChanged;
        }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Dictionary<string, Watcher>> _byFleet = [];
    private readonly Dictionary<long, ITimer> _announcing = []; // one pending announcement per fleet

    public IDisposable Watch(ClaimsPrincipal user, StreamScope scope)
    {
        var userId = user.UserId();
        long[] fleetIds = scope switch
        {
            VesselScope.Fleet fleet => [fleet.FleetId],
            VesselScope.Mine mine => mine.FleetIds,
            AlertScope => _fleets.Current.FleetsByUser.GetValueOrDefault(userId) ?? [],
            _ => [],
        };
        if (fleetIds.Length == 0)
        {
            return new Lease(() => { });
        }

        var role = user.IsAdmin() ? Roles.Admin : user.CanAct() ? Roles.Operator : Roles.Viewer;
        lock (_gate)
        {
            foreach (var fleetId in fleetIds)
            {
                var watchers = _byFleet.TryGetValue(fleetId, out var known) ? known : _byFleet[fleetId] = [];
                if (!watchers.TryGetValue(userId, out var watcher))
                {
                    watchers[userId] = watcher = new Watcher(MemberRole(fleetId, userId) ?? role, _time.GetUtcNow());
                }

                if (watcher.Open(scope.Kind))
                {
                    Announce(fleetId);
                }
            }
        }

        return new Lease(() => Leave(userId, scope.Kind, fleetIds));
    }

    /// <summary>Who watches the fleet, through this node and (on a cluster) the others: one entry per person, their streams merged.</summary>
    public WatchersView Watchers(long fleetId)
    {
        var local = LocalWatchers(fleetId);
        if (_share?.Others(fleetId) is not { Count: > 0 } others)
        {
            return new WatchersView(fleetId, local);
        }

        var merged = local.Concat(others).GroupBy(w => w.UserId, StringComparer.Ordinal).Select(g => new WatcherView(
            g.Key, g.First().Role, [.. g.SelectMany(w => w.Streams).Distinct().Order(StringComparer.Ordinal)], g.Min(w => w.Since)));
        return new WatchersView(fleetId, [.. merged.OrderBy(w => w.Since).ThenBy(w => w.UserId, StringComparer.Ordinal)]);
    }

    private List<WatcherView> LocalWatchers(long fleetId)
    {
        lock (_gate)
        {
            var watchers = _byFleet.GetValueOrDefault(fleetId) ?? [];
            return [.. watchers.OrderBy(w => w.Value.Since).ThenBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => new WatcherView(w.Key, w.Value.Role, w.Value.Streams, w.Value.Since))];
        }
    }

    private void OthersChanged(long fleetId)
    {
        lock (_gate)
        {
            Announce(fleetId);
        }
    }

    private void Leave(string userId, string kind, long[] fleetIds)
    {
        lock (_gate)
        {
            foreach (var fleetId in fleetIds)
            {
                if (_byFleet.TryGetValue(fleetId, out var watchers) && watchers.TryGetValue(userId, out var watcher) && watcher.Close(kind))
                {
                    if (watcher.Streams.Count == 0)
                    {
                        watchers.Remove(userId);
                    }

                    Announce(fleetId);
                }
            }
        }
    }

    private string? MemberRole(long fleetId, string userId) =>
        _fleets.Current.Fleets.TryGetValue(fleetId, out var fleet) ? fleet.MemberOf(userId)?.Role : null;

    /// <summary>Called under the lock: one announcement per fleet per debounce window, on a timer of the service clock.</summary>
    private void Announce(long fleetId)
    {
        if (!_announcing.ContainsKey(fleetId))
        {
            _announcing[fleetId] = _time.CreateTimer(state => AnnounceNow((long)state!), fleetId, _options.Value.Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void AnnounceNow(long fleetId)
    {
        lock (_gate)
        {
            if (_announcing.Remove(fleetId, out var timer))
            {
                timer.Dispose();
            }
        }

        _share?.Share(fleetId, LocalWatchers(fleetId));
        _hub.OfferToFleet(fleetId, SseEvent.Data("presence", JsonSerializer.SerializeToUtf8Bytes(Watchers(fleetId), JsonSerializerOptions.Web)));
    }

    public void Dispose()
    {
        if (_share is not null)
        {
            _share.OthersChanged -= OthersChanged;
        }

        lock (_gate)
        {
            foreach (var timer in _announcing.Values)
            {
                timer.Dispose();
            }

            _announcing.Clear();
        }
    }

    /// <summary>One person's open streams on one fleet, counted per kind (two tabs are one watcher).</summary>
    private sealed class Watcher(string role, DateTimeOffset since)
    {
        private readonly Dictionary<string, int> _open = [];

        public string Role { get; } = role;

        public DateTimeOffset Since { get; } = since;

        public List<string> Streams => [.. _open.Keys.Order(StringComparer.Ordinal)];

        /// <summary>True when this is the first open stream of that kind (the watcher list changed).</summary>
        public bool Open(string kind) => (_open[kind] = _open.GetValueOrDefault(kind) + 1) == 1;

        public bool Close(string kind)
        {
            if (!_open.TryGetValue(kind, out var count))
            {
                return false;
            }

            if (count > 1)
            {
                _open[kind] = count - 1;
                return false;
            }

            _open.Remove(kind);
            return true;
        }
    }

    private sealed class Lease(Action leave) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                leave();
            }
        }
    }
}
