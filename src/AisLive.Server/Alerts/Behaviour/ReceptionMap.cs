namespace AisLive.Server.Alerts;

/// <summary>
/// How well this service hears each part of the sea: vessel reports counted per 1° cell in 5-minute buckets over the
/// last 24 hours of the feed's clock, and the same for the whole feed. A vessel that falls silent is only "dark" when
/// the reports around its last position have kept coming at their usual rate: a silence that the receiver coverage or
/// the feed explains is not the vessel's doing.
/// </summary>
internal sealed class ReceptionMap
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);
    private const int Buckets = 288; // 24 h

    /// <summary>The recent rate must be at least this share of the learned one.</summary>
    public const double NormalShare = 0.5;

    /// <summary>Below this many expected reports in the silence, the cell says too little to judge.</summary>
    public const double MinExpectedReports = 5;

    /// <summary>
    /// Learned from this much at least: two buckets. A service that has just started judges from its first ten minutes
    /// (and the expected-reports floor keeps a sparse cell from judging at all); the rate it compares against then grows
    /// to the full 24 hours.
    /// </summary>
    private static readonly TimeSpan MinHistory = TimeSpan.FromMinutes(10);

    private readonly Dictionary<int, Cell> _cells = [];
    private readonly Cell _feed = new();

    public int Cells => _cells.Count;

    public void Count(double lat, double lon, DateTimeOffset at)
    {
        var key = Key(lat, lon);
        if (!_cells.TryGetValue(key, out var cell))
        {
            _cells[key] = cell = new Cell();
        }

        cell.Count(at);
        _feed.Count(at);
    }

    /// <summary>
    /// True when, from <paramref name="from"/> to <paramref name="to"/>, both the cell of the point and the whole feed
    /// brought at least <see cref="NormalShare"/> of the reports their last 24 hours lead one to expect (with ten minutes of
    /// history at least, and enough expected to judge by).
    /// </summary>
    public bool IsNormal(double lat, double lon, DateTimeOffset from, DateTimeOffset to) =>
        _cells.TryGetValue(Key(lat, lon), out var cell) && cell.IsNormal(from, to) && _feed.IsNormal(from, to);

    /// <summary>The cell's and the feed's reports per minute, recent (from..to) and learned (the 24 h before), for the evidence.</summary>
    public (double CellRecent, double CellLearned, double FeedRecent, double FeedLearned) Rates(double lat, double lon, DateTimeOffset from, DateTimeOffset to)
    {
        var cell = _cells.GetValueOrDefault(Key(lat, lon));
        var (cellRecent, cellLearned) = cell?.Rates(from, to) ?? (0, 0);
        var (feedRecent, feedLearned) = _feed.Rates(from, to);
        return (cellRecent, cellLearned, feedRecent, feedLearned);
    }

    private static int Key(double lat, double lon) => ((int)Math.Floor(lat + 90) * 360) + (int)Math.Floor(Math.Clamp(lon, -180, 179.999) + 180);

    /// <summary>One cell's 24 h of 5-minute counts, a ring indexed by the bucket's number since the epoch.</summary>
    private sealed class Cell
    {
        private readonly int[] _counts = new int[Buckets];
        private long _newest = -1;
        private long _first = -1;

        public void Count(DateTimeOffset at)
        {
            var bucket = BucketOf(at);
            if (_first < 0)
            {
                _first = _newest = bucket;
            }

            if (bucket > _newest)
            {
                for (var b = Math.Max(_newest + 1, bucket - Buckets + 1); b <= bucket; b++)
                {
                    _counts[b % Buckets] = 0; // buckets nobody reported in are counted as zero, not as last day's
                }

                _newest = bucket;
            }

            if (bucket > _newest - Buckets)
            {
                _counts[bucket % Buckets]++;
            }
        }

        public bool IsNormal(DateTimeOffset from, DateTimeOffset to)
        {
            var (recent, learned, history, window) = Measure(from, to);
            if (history < MinHistory || window <= TimeSpan.Zero)
            {
                return false;
            }

            var expected = learned * window.TotalMinutes;
            return expected >= MinExpectedReports && recent >= learned * NormalShare;
        }

        public (double Recent, double Learned) Rates(DateTimeOffset from, DateTimeOffset to)
        {
            var (recent, learned, _, _) = Measure(from, to);
            return (recent, learned);
        }

        /// <summary>Reports per minute in the whole buckets of from..to, and in the buckets before from (up to 24 h, since the first report).</summary>
        private (double Recent, double Learned, TimeSpan History, TimeSpan Window) Measure(DateTimeOffset from, DateTimeOffset to)
        {
            var first = BucketOf(from) + 1; // whole buckets only
            var last = BucketOf(to) - 1;
            var oldest = Math.Max(_first, _newest - Buckets + 1);
            long recentCount = 0, learnedCount = 0;
            var recentBuckets = 0;
            var learnedBuckets = 0;
            for (var b = Math.Max(first, oldest); b <= last; b++)
            {
                recentCount += b <= _newest ? _counts[b % Buckets] : 0; // nothing heard since: zeros, not a day-old count
                recentBuckets++;
            }

            for (var b = oldest; b < first && b <= _newest; b++)
            {
                learnedCount += _counts[b % Buckets];
                learnedBuckets++;
            }

            var minutesPerBucket = Bucket.TotalMinutes;
            return (
                recentBuckets == 0 ? 0 : recentCount / (recentBuckets * minutesPerBucket),
                learnedBuckets == 0 ? 0 : learnedCount / (learnedBuckets * minutesPerBucket),
                Bucket * learnedBuckets,
                Bucket * recentBuckets);
        }

        private static long BucketOf(DateTimeOffset at) => at.UtcTicks / Bucket.Ticks;
    }
}
