using AisLive.Ais.Output;

namespace AisLive.Server.Commands;

/// <summary><c>scripts/aislive decode [FILE]</c>: decodes NMEA or AISStream JSON lines from FILE or stdin to JSON lines on stdout.</summary>
public static class DecodeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["-h" or "--help", ..] || args.Length > 1)
        {
            await Console.Error.WriteLineAsync("usage: aislive decode [FILE]   (reads stdin when FILE is omitted or '-')");
            return args.Length > 1 ? 2 : 0;
        }

        try
        {
            await using var input = args is [var path] && path != "-" ? File.OpenRead(path) : Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            using var session = new DecodeSession(output);
            await session.RunAsync(input);
            return 0;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"decode: {ex.Message}");
            return 1;
        }
    }
}
