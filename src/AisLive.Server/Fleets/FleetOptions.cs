namespace AisLive.Server.Fleets;

public sealed class FleetOptions
{
    public const string SectionName = "Fleets";

    /// <summary>A JSON file of fleets (<c>[{name, vessels, members}]</c>) loaded when the database has none; empty = none.</summary>
    public string? SeedPath { get; set; }
}
