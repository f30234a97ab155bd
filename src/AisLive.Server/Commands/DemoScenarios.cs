namespace AisLive.Server.Commands;

/// <summary>
/// The vessels of the simulated recording that act out what the alert rules are for, with their MMSIs
/// fixed so that the demo fleets, the demo rules and the tests can name them.
/// </summary>
public static class DemoScenarios
{
    /// <summary>Sails into the Maasvlakte port area (<see cref="PortArea"/>) at minute 5 and out again at about minute 20.</summary>
    public const uint PortVisitor = 244990001;

    /// <summary>Makes 28 knots from minute 12 to minute 22, against the 12-18 knots of everyone else.</summary>
    public const uint Speeder = 244990002;

    /// <summary>Falls silent at minute 10 for 20 minutes, then reports again.</summary>
    public const uint GoesSilent = 244990003;

    /// <summary>Stops and reports navigational status 6 (aground) from minute 15.</summary>
    public const uint RunsAground = 244990004;

    /// <summary>At anchor (status 1) throughout; from minute 15 it drifts about 25 m a minute, 300 m or more by minute 27.</summary>
    public const uint DragsAnchor = 244990005;

    /// <summary>
    /// An AIS-SART (man in the water off the Hook of Holland) switched on at minute 8: position reports with navigational
    /// status 14 every minute and <c>SART ACTIVE</c> safety broadcasts every 4 minutes. In no fleet, as real ones are.
    /// </summary>
    public const uint Sart = 970012345;

    public static readonly IReadOnlyList<uint> All = [PortVisitor, Speeder, GoesSilent, RunsAground, DragsAnchor];

    /// <summary>The Maasvlakte port area as lon/lat corners (a rectangle, closed ring).</summary>
    public static readonly (double Lon, double Lat)[] PortArea = [(3.98, 51.93), (4.10, 51.93), (4.10, 51.99), (3.98, 51.99), (3.98, 51.93)];
}
