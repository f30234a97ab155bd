using AisLive.Ais;

namespace AisLive.Server.Commands;

/// <summary>One simulated ship sailing from port to port along a straight lane at a steady speed.</summary>
internal sealed class SimulatedVessel
{
    private const double EarthRadiusMeters = 6_371_000;
    private (string Name, double Lat, double Lon)[] _ports = [];
    private int _target;

    public Mmsi Mmsi { get; private init; }
    public AisStaticData Static { get; private set; } = new();
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public double SpeedKnots { get; private set; }
    public double CourseDegrees { get; private set; }

    public static SimulatedVessel Create(int index, Random random, (string Name, double Lat, double Lon)[] ports)
    {
        var from = random.Next(ports.Length);
        var target = (from + 1 + random.Next(ports.Length - 1)) % ports.Length;
        var progress = random.NextDouble();
        var vessel = new SimulatedVessel
        {
            Mmsi = new Mmsi((uint)(244_000_000 + (index * 7919 % 999_999))),
            _ports = ports,
            _target = target,
            Latitude = ports[from].Lat + ((ports[target].Lat - ports[from].Lat) * progress),
            Longitude = ports[from].Lon + ((ports[target].Lon - ports[from].Lon) * progress),
            SpeedKnots = Math.Round(8 + (random.NextDouble() * 12), 1),
        };
        var length = 80 + random.Next(220);
        vessel.Static = new AisStaticData
        {
            ShipName = $"NORTH SEA {index + 1:D3}",
            CallSign = $"PB{index:D4}",
            ImoNumber = 9_100_000 + (index * 13),
            ShipType = random.Next(2) == 0 ? 70 : 80,
            ToBowMeters = length * 2 / 3,
            ToSternMeters = length / 3,
            ToPortMeters = 10,
            ToStarboardMeters = 12,
            DraughtMeters = Math.Round(5 + (random.NextDouble() * 8), 1),
            Destination = ports[target].Name,
            EtaMonth = 11,
            EtaDay = 2,
            EtaHour = 6,
            EtaMinute = 30,
        };
        vessel.CourseDegrees = vessel.Bearing();
        return vessel;
    }

    /// <summary>Moves the vessel to time <paramref name="at"/>'s position and returns the wait until its next report.</summary>
    public TimeSpan Advance(DateTimeOffset at, Random random)
    {
        var interval = TimeSpan.FromSeconds(10 + random.Next(10));
        var meters = SpeedKnots * 1852 / 3600 * interval.TotalSeconds;
        if (Distance() < meters * 2)
        {
            _target = (_target + 1 + random.Next(_ports.Length - 1)) % _ports.Length;
            Static = Static with { Destination = _ports[_target].Name };
        }

        CourseDegrees = Bearing();
        var course = CourseDegrees * Math.PI / 180;
        Latitude += meters * Math.Cos(course) / EarthRadiusMeters * 180 / Math.PI;
        Longitude += meters * Math.Sin(course) / (EarthRadiusMeters * Math.Cos(Latitude * Math.PI / 180)) * 180 / Math.PI;
        return interval;
    }

    public AisMessage Report(DateTimeOffset at) => new()
    {
        MessageType = 1,
        Mmsi = Mmsi,
        NavigationStatus = 0,
        RateOfTurnRaw = 0,
        SpeedKnots = SpeedKnots,
        PositionAccuracy = true,
        Latitude = Math.Round(Latitude, 6),
        Longitude = Math.Round(Longitude, 6),
        CourseDegrees = Math.Round(CourseDegrees, 1),
        HeadingDegrees = (int)Math.Round(CourseDegrees) % 360,
        UtcSecond = at.Second,
        ManeuverIndicator = 0,
        Raim = false,
    };

    private double Bearing()
    {
        var (_, lat, lon) = _ports[_target];
        var dLon = (lon - Longitude) * Math.Cos(Latitude * Math.PI / 180);
        var degrees = Math.Atan2(dLon, lat - Latitude) * 180 / Math.PI;
        return (degrees + 360) % 360;
    }

    private double Distance()
    {
        var (_, lat, lon) = _ports[_target];
        var dLat = (lat - Latitude) * Math.PI / 180 * EarthRadiusMeters;
        var dLon = (lon - Longitude) * Math.PI / 180 * EarthRadiusMeters * Math.Cos(Latitude * Math.PI / 180);
        return Math.Sqrt((dLat * dLat) + (dLon * dLon));
    }
}
