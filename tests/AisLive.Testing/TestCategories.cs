namespace AisLive.Testing;

/// <summary>
/// The slow kinds of test, as xUnit traits (<c>[Trait(TestCategories.Name, TestCategories.Process)]</c>), so that
/// <c>scripts/aislive test --fast</c> can leave them out (with the browser test, which is node's). Everything else
/// runs in-process against a real PostGIS.
/// </summary>
public static class TestCategories
{
    public const string Name = "Category";

    /// <summary>Starts the service as a child process and kills, stops or restarts it (SIGKILL, SIGTERM).</summary>
    public const string Process = "process";

    /// <summary>Starts nats-servers and several nodes.</summary>
    public const string Cluster = "cluster";

    /// <summary>Pushes a lot through on purpose: overload, long outages, large replays, fuzzing.</summary>
    public const string Load = "load";
}
