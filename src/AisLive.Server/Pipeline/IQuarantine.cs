namespace AisLive.Server.Pipeline;

/// <summary>
/// Where the decoder puts what it will not pass on: frames that are not AIS and messages that fail a range or
/// clock check. Bad input is data (kept aside, counted, listed by <c>GET /api/rejected</c>), but keeping it must
/// never slow ingest: <see cref="Reject"/> does not wait, and what does not fit is counted and dropped. Storage
/// implements it, so the pipeline does not depend on storage.
/// </summary>
public interface IQuarantine
{
    /// <param name="frame">The frame as received.</param>
    /// <param name="stage"><c>decode</c> (not AIS) or <c>validate</c> (a value or a clock it will not believe).</param>
    /// <param name="reason">A stable, tag-safe reason (<c>bad_checksum</c>, <c>timestamp_in_future</c>).</param>
    /// <param name="mmsi">The sender, when the frame got far enough to say.</param>
    void Reject(in RawFrame frame, string stage, string reason, uint? mmsi);

    /// <summary>No more rejects will come.</summary>
    void Complete();
}
