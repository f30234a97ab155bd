using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Presence;

public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>Changes within this window go out as one <c>event: presence</c> (a page reloading is not two changes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);
}
