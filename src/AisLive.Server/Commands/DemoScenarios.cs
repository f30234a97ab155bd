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

    /// <summary>Drifts at 0.3 kn 250 m from <see cref="Carrier"/>, from the start, offshore: an encounter (the demo rule asks 5 minutes), and loitering.</summary>
    public const uint MeetsCarrier = 244990006;

    /// <summary>In no fleet: the reefer alongside <see cref="MeetsCarrier"/> until minute 30, when it steams off north at 12 kn.</summary>
    public const uint Carrier = 636019825;

    /// <summary>Circles slowly (about 1 kn) offshore throughout, reporting SOG 1: loitering (the demo rule asks 10 minutes).</summary>
    public const uint Loiterer = 244990007;

    /// <summary>Sails into the Maasvlakte port place at about minute 1.5, is moored from minute 5 to 25, then sails out near minute 29: a port call.</summary>
    public const uint PortCaller = 244990008;

    /// <summary>Two transmitters on one MMSI from minute 4: one off the Maas, one off the Humber, about 270 km apart, heard in turn.</summary>
    public const uint TwoTransmitters = 244990009;

    /// <summary>The vessels acting out the single-vessel rules (geofence, speed, silence, status, anchor).</summary>
    public static readonly IReadOnlyList<uint> All = [PortVisitor, Speeder, GoesSilent, RunsAground, DragsAnchor];

    /// <summary>The vessels acting out behaviour between ships and places; <see cref="GoesSilent"/> also goes dark.</summary>
    public static readonly IReadOnlyList<uint> Behaviour = [MeetsCarrier, Loiterer, PortCaller, TwoTransmitters, GoesSilent];

    /// <summary>The Maasvlakte port area as lon/lat corners (a rectangle, closed ring).</summary>
    public static readonly (double Lon, double Lat)[] PortArea = [(3.98, 51.93), (4.10, 51.93), (4.10, 51.99), (3.98, 51.99), (3.98, 51.93)];
}
