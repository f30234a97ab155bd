namespace AisLive.Server.Alerts;

/// <summary>
/// How often a vessel's AIS should report its position (ITU-R M.1371-5, Annex 1 tables 1 and 2, as far as a listener
/// can tell from the reports: it cannot see course changes, so it takes the steady-course interval).
/// </summary>
internal static class ReportingInterval
{
    public static TimeSpan Expected(bool classB, double? sog, int? navStatus)
    {
        var knots = sog ?? 0;
        if (classB)
        {
            return knots > 2 ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(3); // Class B "CS"
        }

        var anchoredOrMoored = navStatus is 1 or 5;
        return (anchoredOrMoored && knots <= 3) ? TimeSpan.FromMinutes(3)
            : knots <= 14 ? TimeSpan.FromSeconds(10)
            : knots <= 23 ? TimeSpan.FromSeconds(6)
            : TimeSpan.FromSeconds(2);
    }
}
