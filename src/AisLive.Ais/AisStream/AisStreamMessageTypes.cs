namespace AisLive.Ais.AisStream;

/// <summary>The 25 <c>MessageType</c> names AISStream.io sends, with the AIS message id each one carries.</summary>
public static class AisStreamMessageTypes
{
    // An array, not an interface, so the lookups below loop without allocating an enumerator.
    private static readonly (string Name, int MessageId)[] Types =
    [
        ("PositionReport", 1), ("UnknownMessage", 0), ("AddressedSafetyMessage", 12), ("AddressedBinaryMessage", 6),
        ("AidsToNavigationReport", 21), ("AssignedModeCommand", 16), ("BaseStationReport", 4), ("BinaryAcknowledge", 7),
        ("BinaryBroadcastMessage", 8), ("ChannelManagement", 22), ("CoordinatedUTCInquiry", 10),
        ("DataLinkManagementMessage", 20), ("DataLinkManagementMessageData", 20), ("ExtendedClassBPositionReport", 19),
        ("GroupAssignmentCommand", 23), ("GnssBroadcastBinaryMessage", 17), ("Interrogation", 15),
        ("LongRangeAisBroadcastMessage", 27), ("MultiSlotBinaryMessage", 26), ("SafetyBroadcastMessage", 14),
        ("ShipStaticData", 5), ("SingleSlotBinaryMessage", 25), ("StandardClassBPositionReport", 18),
        ("StandardSearchAndRescueAircraftReport", 9), ("StaticDataReport", 24),
    ];

    public static IReadOnlyList<(string Name, int MessageId)> All => Types;

    /// <summary>Returns the shared name string (no allocation), or null for a name AISStream does not send.</summary>
    public static string? Find(ReadOnlySpan<byte> utf8Name)
    {
        foreach (var (name, _) in Types)
        {
            if (utf8Name.Length == name.Length && System.Text.Ascii.Equals(utf8Name, name))
            {
                return name;
            }
        }

        return null;
    }

    public static int MessageIdOf(string name)
    {
        foreach (var (known, id) in Types)
        {
            if (ReferenceEquals(known, name) || known == name)
            {
                return id;
            }
        }

        return 0;
    }
}
