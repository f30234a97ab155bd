using System.Collections.Frozen;
using System.Security.Claims;
using AisLive.Server.Security;

namespace AisLive.Server.Fleets;

/// <summary>
/// An immutable view of every fleet, indexed both ways, so access checks and stream fan-out cost a lookup.
/// Replaced whole on every change, so readers never see a half-applied one.
/// </summary>
public sealed class FleetSnapshot
{
    public static readonly FleetSnapshot Empty = new([]);

    public FleetSnapshot(IEnumerable<Fleet> fleets)
    {
        Fleets = fleets.ToFrozenDictionary(f => f.Id);
        FleetsByVessel = Fleets.Values.SelectMany(f => f.Vessels.Select(v => (v, f.Id))).GroupBy(p => p.v).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray());
        FleetsByUser = Fleets.Values.SelectMany(f => f.Members.Select(m => (m.UserId, f.Id))).GroupBy(p => p.UserId).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray());
    }

    public FrozenDictionary<long, Fleet> Fleets { get; }

    public FrozenDictionary<uint, long[]> FleetsByVessel { get; }

    public FrozenDictionary<string, long[]> FleetsByUser { get; }

    public long[] FleetsOf(uint mmsi) => FleetsByVessel.GetValueOrDefault(mmsi) ?? [];

    public bool Contains(long fleetId, uint mmsi) => FleetsOf(mmsi).Contains(fleetId);

    /// <summary>Admins read every fleet; anyone else the fleets they are a member of.</summary>
    public bool CanRead(ClaimsPrincipal user, long fleetId) =>
        user.IsAdmin() || (Fleets.TryGetValue(fleetId, out var fleet) && fleet.MemberOf(user.UserId()) is not null);

    /// <summary>Admins, and operators who are operators of this fleet.</summary>
    public bool CanAct(ClaimsPrincipal user, long fleetId) =>
        user.IsAdmin() || (user.CanAct() && Fleets.TryGetValue(fleetId, out var fleet) && fleet.MemberOf(user.UserId())?.Role == Roles.Operator);

    /// <summary>A vessel is visible to admins and to members of any fleet that holds it.</summary>
    public bool CanSee(ClaimsPrincipal user, uint mmsi) =>
        user.IsAdmin() || (FleetsByUser.TryGetValue(user.UserId(), out var mine) && FleetsOf(mmsi).Any(mine.Contains));

    public IEnumerable<Fleet> VisibleTo(ClaimsPrincipal user) =>
        user.IsAdmin() ? Fleets.Values.OrderBy(f => f.Id) : (FleetsByUser.GetValueOrDefault(user.UserId()) ?? []).Select(id => Fleets[id]).OrderBy(f => f.Id);

    /// <summary>The vessels a non-admin may see (null = all, for admins).</summary>
    public IReadOnlySet<uint>? VesselsVisibleTo(ClaimsPrincipal user) =>
        user.IsAdmin() ? null : VisibleTo(user).SelectMany(f => f.Vessels).ToHashSet();
}

/// <summary>What one fleet change did, for open streams to follow.</summary>
public sealed record FleetChange(long FleetId, IReadOnlyCollection<uint> AddedVessels, IReadOnlyCollection<uint> RemovedVessels, bool MembersChanged, bool Deleted);
