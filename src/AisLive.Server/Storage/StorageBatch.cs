using AisLive.Server.Pipeline;

namespace AisLive.Server.Storage;

/// <summary>
/// Storage records as the journal holds them and the writer stores them: one typed list per kind (positions,
/// vessels' static data, and on a cluster's leader whole messages for the cluster's log, opaque here), so nothing on
/// the path is boxed or switched on at run time. Reused: cleared, not reallocated, between batches.
/// </summary>
public sealed class StorageBatch(int capacity = 0)
{
    public List<PositionRow> Positions { get; } = new(capacity);

    public List<VesselRow> Vessels { get; } = [];

    /// <summary>Whole messages as a cluster node's journal keeps them for the cluster's log (see <see cref="Journal.IJournalContent"/>).</summary>
    public List<byte[]> Messages { get; } = [];

    public int Count => Positions.Count + Vessels.Count + Messages.Count;

    /// <summary>Adds what a decoded message gives storage: its position, its static data, or both.</summary>
    public void Add(in DecodedMessage decoded)
    {
        if (PositionRow.TryFrom(decoded, out var row))
        {
            Positions.Add(row);
        }

        if (VesselRow.From(decoded) is { } vessel)
        {
            Vessels.Add(vessel);
        }
    }

    public void Clear()
    {
        Positions.Clear();
        Vessels.Clear();
        Messages.Clear();
    }
}
