namespace AisLive.Server.Places;

/// <summary><c>Places:</c> settings.</summary>
public sealed class PlaceOptions
{
    public const string SectionName = "Places";

    /// <summary>A JSON array of places loaded into an empty place table at start (the demo's ports and anchorages).</summary>
    public string? SeedPath { get; set; }
}
