using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>How the rule kinds word their alerts, and the one distance they measure.</summary>
internal static class AlertWording
{
    public static string Name(VesselState state) => string.IsNullOrWhiteSpace(state.Name) ? $"MMSI {state.Mmsi}" : state.Name;

    public static double Distance((double Lat, double Lon) a, (double Lat, double Lon) b)
    {
        const double EarthRadiusMeters = 6_371_000;
        var dLat = (b.Lat - a.Lat) * Math.PI / 180;
        var dLon = (b.Lon - a.Lon) * Math.PI / 180;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(b.Lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public static string NavStatusName(int status) => status switch
    {
        0 => "under way using engine",
        1 => "at anchor",
        2 => "not under command",
        3 => "restricted manoeuvrability",
        4 => "constrained by draught",
        5 => "moored",
        6 => "aground",
        7 => "engaged in fishing",
        8 => "under way sailing",
        14 => "AIS-SART / emergency",
        15 => "not defined",
        _ => "reserved",
    };
}
