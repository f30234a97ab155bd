namespace AisLive.Testing;

/// <summary>
/// The shared real-world AIS corpus, read in place from <c>../shared/ais-corpus</c> beside the checkout
/// (never copied into the repository). Found by walking up from the test binary.
/// </summary>
public static class CorpusPaths
{
    public static string Root { get; } = Find();

    public static string Nmea(string file) => Path.Combine(Root, "nmea", file);

    public static string AisStream(string file) => Path.Combine(Root, "aisstream", file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "ais-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/ais-corpus was not found above " + AppContext.BaseDirectory + "; the tests read it in place.");
    }
}
