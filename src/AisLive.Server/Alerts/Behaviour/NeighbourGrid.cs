namespace AisLive.Server.Alerts;

/// <summary>
/// The recent position of every vessel heard (not only watched ones: an encounter is with anyone), in a grid of cells
/// about 2 km on a side, so that "who is within 500 m of this ship" reads a few cells instead of the world. Updating is
/// a dictionary write and, when the vessel changes cell, two set operations; only a watched vessel's fix asks who is
/// near. Kept only while some rule needs it (encounters), and pruned of vessels not heard for an hour.
/// </summary>
internal sealed class NeighbourGrid
{
    /// <summary>Cell size in degrees of latitude and longitude: 0.02° is 2.2 km north-south, wider than any pair's 1.5 × meters at the default 500 m.</summary>
    private const double CellDegrees = 0.02;
    private const double MetersPerDegree = 111_320;

    /// <summary>The cell of a vessel known only by name (no position yet): no cell key is negative.</summary>
    private const long Unplaced = -1;

    private readonly Dictionary<uint, Entry> _vessels = [];
    private readonly Dictionary<long, HashSet<uint>> _cells = [];

    public int Count => _vessels.Count;

    /// <summary>Where the vessel was last heard, its speed then and its name if known.</summary>
    public struct Entry
    {
        public double Lat;
        public double Lon;
        public double? Sog;
        public DateTimeOffset At;
        public long Cell;
        public string? Name;
    }

    public void Update(uint mmsi, double lat, double lon, double? sog, DateTimeOffset at, string? name = null)
    {
        var cell = CellOf(lat, lon);
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_vessels, mmsi, out var existed);
        if (existed && entry.Cell != Unplaced && at < entry.At)
        {
            return; // an older report does not move it back
        }

        if (!existed || entry.Cell != cell)
        {
            if (existed)
            {
                Leave(mmsi, entry.Cell);
            }

            if (!_cells.TryGetValue(cell, out var members))
            {
                _cells[cell] = members = [];
            }

            members.Add(mmsi);
        }

        entry.Lat = lat;
        entry.Lon = lon;
        entry.Sog = sog;
        entry.At = at;
        entry.Cell = cell;
        entry.Name = name ?? entry.Name;
    }

    /// <summary>
    /// Remembers the name a static report gave (an encounter names both ships). A vessel not placed yet is kept as a
    /// name in no cell: ships send their static report before their first position as often as after, and it comes
    /// only every six minutes. Pruned like any other entry if no position follows.
    /// </summary>
    public void Name(uint mmsi, string? name, DateTimeOffset at)
    {
        if (name is null)
        {
            return;
        }

        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_vessels, mmsi, out var existed);
        if (!existed)
        {
            entry.Cell = Unplaced;
            entry.At = at;
        }

        entry.Name = name;
    }

    public bool TryGet(uint mmsi, out Entry entry) => _vessels.TryGetValue(mmsi, out entry);

    /// <summary>Adds to <paramref name="into"/> every other vessel within <paramref name="meters"/> of the point, heard since <paramref name="heardSince"/>.</summary>
    public void Near(uint self, double lat, double lon, double meters, DateTimeOffset heardSince, List<(uint Mmsi, Entry Entry, double Meters)> into)
    {
        var latCells = (int)Math.Ceiling(meters / MetersPerDegree / CellDegrees);
        var cosLat = Math.Max(0.01, Math.Cos(lat * Math.PI / 180));
        var lonCells = (int)Math.Min(Math.Ceiling(meters / (MetersPerDegree * cosLat) / CellDegrees), 180 / CellDegrees);
        var row = (long)Math.Floor((lat + 90) / CellDegrees);
        var column = (long)Math.Floor((lon + 180) / CellDegrees);
        for (var r = row - latCells; r <= row + latCells; r++)
        {
            for (var c = column - lonCells; c <= column + lonCells; c++)
            {
                if (!_cells.TryGetValue(Key(r, Wrap(c)), out var members))
                {
                    continue;
                }

                foreach (var mmsi in members)
                {
                    if (mmsi == self)
                    {
                        continue;
                    }

                    var entry = _vessels[mmsi];
                    if (entry.At < heardSince)
                    {
                        continue;
                    }

                    var distance = AlertWording.Distance((lat, lon), (entry.Lat, entry.Lon));
                    if (distance <= meters)
                    {
                        into.Add((mmsi, entry, distance));
                    }
                }
            }
        }
    }

    /// <summary>Forgets vessels not heard since <paramref name="heardSince"/>.</summary>
    public void Prune(DateTimeOffset heardSince)
    {
        foreach (var (mmsi, entry) in _vessels.Where(v => v.Value.At < heardSince).ToList())
        {
            Leave(mmsi, entry.Cell);
            _vessels.Remove(mmsi);
        }
    }

    private void Leave(uint mmsi, long cell)
    {
        if (_cells.TryGetValue(cell, out var members) && members.Remove(mmsi) && members.Count == 0)
        {
            _cells.Remove(cell);
        }
    }

    private static long CellOf(double lat, double lon) => Key((long)Math.Floor((lat + 90) / CellDegrees), Wrap((long)Math.Floor((lon + 180) / CellDegrees)));

    private static long Wrap(long column)
    {
        const long Columns = (long)(360 / CellDegrees);
        return ((column % Columns) + Columns) % Columns;
    }

    private static long Key(long row, long column) => (row << 32) | column;
}
