namespace AisLive.Server.Presence;

/// <summary>
/// Presence beyond this process: a cluster node tells the others who watches each fleet through it, and hears who
/// watches through them, so <c>watchers</c> is the same on every node. One process has no others and registers none.
/// </summary>
public interface IPresenceShare
{
    /// <summary>Who watches <paramref name="fleetId"/> through this node now (empty: nobody).</summary>
    void Share(long fleetId, IReadOnlyList<WatcherView> local);

    /// <summary>Who watches <paramref name="fleetId"/> through the other nodes, as they last said.</summary>
    IReadOnlyList<WatcherView> Others(long fleetId);

    /// <summary>Raised with a fleet id when the other nodes' watchers of it changed.</summary>
    event Action<long>? OthersChanged;
}
