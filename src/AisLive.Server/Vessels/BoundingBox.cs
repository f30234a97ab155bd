namespace AisLive.Server.Vessels;

/// <summary>A box in degrees, parsed from <c>minLon,minLat,maxLon,maxLat</c>.</summary>
public readonly record struct BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public static bool TryParse(string? text, out BoundingBox box)
    {
        box = default;
        var parts = text?.Split(',');
        if (parts is not { Length: 4 })
        {
            return false;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        box = new BoundingBox(values[0], values[1], values[2], values[3]);
        return box.MinLon is >= -180 and <= 180 && box.MaxLon is >= -180 and <= 180 && box.MinLat is >= -90 and <= 90 && box.MaxLat is >= -90 and <= 90
            && box.MinLon < box.MaxLon && box.MinLat < box.MaxLat;
    }

    public bool Contains(double lon, double lat) => lon >= MinLon && lon <= MaxLon && lat >= MinLat && lat <= MaxLat;
}
