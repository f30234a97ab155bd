using AisLive.Ais;

namespace AisLive.Server.Commands;

/// <summary>
/// One simulated ship: either sailing port to port along a straight lane at a steady speed, or following a
/// script (speed, course, status, silence by minute) that acts out an alert scenario.
/// </summary>
internal sealed class SimulatedVessel
{
    private const double EarthRadiusMeters = 6_371_000;
    private (string Name, double Lat, double Lon)[] _ports = [];
    private int _target;
    private Action<double, SimulatedVessel>? _script;
    private bool _silent;

    public Mmsi Mmsi { get; private init; }
    public AisStaticData Static { get; private set; } = new();
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public double SpeedKnots { get; private set; }
    public double CourseDegrees { get; private set; }
    public int NavigationStatus { get; private set; }

    public static SimulatedVessel Create(int index, Random random, (string Name, double Lat, double Lon)[] ports)
    {
        var from = random.Next(ports.Length);
        var target = (from + 1 + random.Next(ports.Length - 1)) % ports.Length;
        var progress = random.NextDouble();
        var vessel = new SimulatedVessel
        {
            Mmsi = new Mmsi((uint)(244_000_000 + (index * 7919 % 989_999))),
            _ports = ports,
            _target = target,
            Latitude = ports[from].Lat + ((ports[target].Lat - ports[from].Lat) * progress),
            Longitude = ports[from].Lon + ((ports[target].Lon - ports[from].Lon) * progress),
            SpeedKnots = Math.Round(12 + (random.NextDouble() * 6), 1),
        };
        var length = 80 + random.Next(220);
        vessel.Static = new AisStaticData
        {
            ShipName = $"NORTH SEA {index + 1:D3}",
            CallSign = $"PB{index:D4}",
            ImoNumber = 9_100_000 + (index * 13),
            ShipType = random.Next(3) switch { 0 => 70, 1 => 80, _ => 60 },
            ToBowMeters = length * 2 / 3,
            ToSternMeters = length / 3,
            ToPortMeters = 10,
            ToStarboardMeters = 12,
            DraughtMeters = Math.Round(5 + (random.NextDouble() * 8), 1),
            Destination = ports[target].Name,
            EtaMonth = 11,
            EtaDay = 1,
            EtaHour = 12 + random.Next(10),
            EtaMinute = 30,
        };
        vessel.CourseDegrees = vessel.BearingToTarget();
        return vessel;
    }

    public static SimulatedVessel Scripted(uint mmsi, string name, double lat, double lon, Action<double, SimulatedVessel> script) => new()
    {
        Mmsi = new Mmsi(mmsi),
        Latitude = lat,
        Longitude = lon,
        _script = script,
        Static = new AisStaticData
        {
            ShipName = name, CallSign = $"PD{mmsi % 10000:D4}", ImoNumber = 9_800_000 + (int)(mmsi % 1000), ShipType = 70,
            ToBowMeters = 120, ToSternMeters = 40, ToPortMeters = 12, ToStarboardMeters = 12, DraughtMeters = 8.5, Destination = "ROTTERDAM",
            EtaMonth = 11, EtaDay = 1, EtaHour = 18, EtaMinute = 0,
        },
    };

    /// <summary>Used by scripts: puts the vessel somewhere else at once (a second transmitter using its MMSI).</summary>
    public void MoveTo(double lat, double lon)
    {
        Latitude = lat;
        Longitude = lon;
    }

    /// <summary>Used by scripts: the vessel's speed, course, navigational status and silence for this minute.</summary>
    public void Steer(double speed, double course, int status = 0, bool silent = false)
    {
        SpeedKnots = speed;
        CourseDegrees = course;
        NavigationStatus = status;
        _silent = silent;
    }

    public bool IsSilent(DateTimeOffset at) => _silent;

    /// <summary>Moves the vessel over the coming interval and returns that interval (when it reports next).</summary>
    public TimeSpan Advance(DateTimeOffset at, Random random)
    {
        var interval = TimeSpan.FromSeconds(20 + random.Next(10));
        if (_script is not null)
        {
            _script((at - SimulateCommand.Start).TotalMinutes, this);
        }
        else
        {
            if (Distance() < SpeedKnots * 1852 / 3600 * interval.TotalSeconds * 2)
            {
                _target = (_target + 1 + random.Next(_ports.Length - 1)) % _ports.Length;
                Static = Static with { Destination = _ports[_target].Name };
            }

            CourseDegrees = BearingToTarget();
        }

        var meters = SpeedKnots * 1852 / 3600 * interval.TotalSeconds;
        var course = CourseDegrees * Math.PI / 180;
        Latitude += meters * Math.Cos(course) / EarthRadiusMeters * 180 / Math.PI;
        Longitude += meters * Math.Sin(course) / (EarthRadiusMeters * Math.Cos(Latitude * Math.PI / 180)) * 180 / Math.PI;
        return interval;
    }

    public AisMessage Report(DateTimeOffset at) => new()
    {
        MessageType = 1,
        Mmsi = Mmsi,
        NavigationStatus = NavigationStatus,
        RateOfTurnRaw = 0,
        SpeedKnots = Math.Round(SpeedKnots, 1),
        PositionAccuracy = true,
        Latitude = Math.Round(Latitude, 6),
        Longitude = Math.Round(Longitude, 6),
        CourseDegrees = Math.Round(CourseDegrees, 1) % 360,
        HeadingDegrees = (int)Math.Round(CourseDegrees) % 360,
        UtcSecond = at.Second,
        ManeuverIndicator = 0,
        Raim = false,
    };

    private double BearingToTarget()
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
