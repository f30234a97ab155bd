using AisLive.Server.Security;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Commands;

/// <summary><c>scripts/aislive token --sub NAME --role admin|operator|viewer [--minutes N]</c>: prints a token signed with Auth:SigningKey.</summary>
public static class TokenCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? subject = null, role = null;
        var minutes = 60.0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sub": subject = args[i + 1]; break;
                case "--role": role = args[i + 1]; break;
                case "--minutes" when double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0: minutes = value; break;
                default: subject = null; i = args.Length; break;
            }
        }

        if (string.IsNullOrWhiteSpace(subject) || !Roles.IsKnown(role) || args.Length % 2 != 0)
        {
            await Console.Error.WriteLineAsync("usage: aislive token --sub NAME --role admin|operator|viewer [--minutes 60]");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (auth.SigningKey.Length < 32)
        {
            await Console.Error.WriteLineAsync("token: Auth:SigningKey is not set or shorter than 32 characters (scripts/aislive sets the development key).");
            return 2;
        }

        await Console.Out.WriteLineAsync(new TokenService(Options.Create(auth), TimeProvider.System).Create(subject, role!, TimeSpan.FromMinutes(minutes)));
        return 0;
    }
}
