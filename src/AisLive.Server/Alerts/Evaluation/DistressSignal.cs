using AisLive.Ais;

namespace AisLive.Server.Alerts;

/// <summary>
/// What a message says about a distress device. AIS-SART, man-overboard and EPIRB-AIS transmitters have
/// MMSIs 970xxxxxx, 972xxxxxx and 974xxxxxx; they send position reports with navigational status 14 when active and
/// 15 when tested (IEC 61097-14), and type 14 safety broadcasts saying <c>SART ACTIVE</c>, <c>MOB TEST</c>... Any
/// station's type 14 with one of those texts counts too.
/// </summary>
public readonly record struct DistressSignal(string Device, bool Test)
{
    private static readonly (string Word, string Device)[] Words = [("SART", "AIS-SART"), ("MOB", "MOB"), ("EPIRB", "EPIRB-AIS")];

    /// <summary>True for the MMSI ranges of distress devices; such messages are evaluated whatever fleet they are in.</summary>
    public static bool IsDeviceMmsi(uint mmsi) => DeviceOf(mmsi) is not null;

    public static DistressSignal? From(in AisMessage message)
    {
        var device = DeviceOf(message.Mmsi.Value);
        if (message.SafetyText is { } text)
        {
            var upper = text.ToUpperInvariant();
            foreach (var (word, named) in Words)
            {
                if (upper.Contains(word + " ACTIVE", StringComparison.Ordinal))
                {
                    return new DistressSignal(device ?? named, Test: false);
                }

                if (upper.Contains(word + " TEST", StringComparison.Ordinal))
                {
                    return new DistressSignal(device ?? named, Test: true);
                }
            }

            return device is null ? null : new DistressSignal(device, upper.Contains("TEST", StringComparison.Ordinal));
        }

        return device is null ? null : new DistressSignal(device, Test: message.NavigationStatus == 15);
    }

    private static string? DeviceOf(uint mmsi) => (mmsi / 1_000_000) switch
    {
        970 => "AIS-SART",
        972 => "MOB",
        974 => "EPIRB-AIS",
        _ => null,
    };
}
