namespace AisLive.Server.Fleets;

/// <summary>A fleet as stored and as returned by the API.</summary>
public sealed record Fleet(long Id, string Name, IReadOnlyList<uint> Vessels, IReadOnlyList<FleetMember> Members, DateTimeOffset UpdatedAt)
{
    public FleetMember? MemberOf(string userId) => Members.FirstOrDefault(m => m.UserId == userId);
}

/// <summary>A person's role in one fleet: <c>operator</c> or <c>viewer</c>.</summary>
public sealed record FleetMember(string UserId, string Role);

/// <summary>The body of <c>POST /api/fleets</c> and <c>PUT /api/fleets/{id}</c>.</summary>
public sealed record FleetRequest(string? Name, List<uint>? Vessels, List<FleetMember>? Members);

/// <summary>The body of <c>POST /api/fleets/{id}/vessels</c>.</summary>
public sealed record FleetVesselRequest(uint Mmsi);
