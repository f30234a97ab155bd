using AisLive.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>
/// The real service on Kestrel, port 0, against a fresh PostGIS database, built exactly as Program builds
/// it, with test settings layered on top. Dispose stops it gracefully and drops the database.
/// </summary>
public sealed class AisLiveTestServer : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    private readonly List<HttpClient> _clients = [];

    private AisLiveTestServer(WebApplication app, string connectionString, Uri address, string journalPath)
    {
        App = app;
        JournalPath = journalPath;
        ConnectionString = connectionString;
        Address = address;
        Http = ClientFor("test-admin", "admin");
        Anonymous = Track(new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan });
    }

    public WebApplication App { get; }

    public string ConnectionString { get; }

    public Uri Address { get; }

    /// <summary>This server's own journal directory (a temporary one unless the test chose it).</summary>
    public string JournalPath { get; }

    /// <summary>A client signed in as an admin.</summary>
    public HttpClient Http { get; }

    /// <summary>A client with no token.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client whose requests carry a fresh token for <paramref name="subject"/> in <paramref name="role"/>.</summary>
    public HttpClient ClientFor(string subject, string role, TimeSpan? lifetime = null) => WithToken(Token(subject, role, lifetime));

    public string Token(string subject, string role, TimeSpan? lifetime = null) =>
        Service<AisLive.Server.Security.TokenService>().Create(subject, role, lifetime ?? TimeSpan.FromHours(1));

    public HttpClient WithToken(string token)
    {
        var client = Track(new HttpClient { BaseAddress = Address, Timeout = Timeout.InfiniteTimeSpan });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<AisLiveTestServer> StartAsync(IDictionary<string, string?> settings, TimeProvider? time = null, CapturedLogs? logs = null)
    {
        var connectionString = settings.TryGetValue("ConnectionStrings:Postgis", out var given) && given is not null ? given : await PostgisDatabase.CreateAsync();
        var config = new Dictionary<string, string?>
        {
            ["Storage:JournalPath"] = Path.Combine(Path.GetTempPath(), $"aislive-journal-{Guid.NewGuid():N}"),
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgis"] = connectionString,
            ["Ingest:Source"] = "replay",
            ["Replay:Loop"] = "false",
            ["Replay:Speed"] = "0",
            ["Auth:SigningKey"] = SigningKey,
            ["Fleets:SeedPath"] = string.Empty,
            ["Alerts:SeedPath"] = string.Empty,
            ["Places:SeedPath"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",

            // The suite's recordings and frames carry fixed dates (2026-11-01) that age: without these, the pipeline
            // would refuse them as too old and retention would prune them. The bad-clock tests set the defaults back.
            ["Pipeline:MaxAge"] = "3650.00:00:00",
            ["Storage:RetentionDays"] = "3650",
        };
        foreach (var (key, value) in settings)
        {
            config[key] = value;
        }

        var app = AisLiveApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });

        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(startTimeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new AisLiveTestServer(app, connectionString, new Uri(address), config["Storage:JournalPath"]!);
    }

    /// <summary>
    /// With a replay that does not loop, the pipeline completes channel by channel: the storage flusher ends
    /// once everything is committed, the live worker once the cache has everything and the quarantine once what was
    /// rejected is kept aside. Awaiting them is awaiting "the whole recording is in PostGIS and in the live state".
    /// </summary>
    public async Task WaitForReplayStoredAsync(TimeSpan? timeout = null)
    {
        var services = App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        var flusher = services.OfType<AisLive.Server.Storage.Journal.StorageFlusherWorker>().Single();
        var live = services.OfType<AisLive.Server.Live.LiveWorker>().Single();
        var quarantine = services.OfType<AisLive.Server.Storage.Quarantine.QuarantineWorker>().Single();
        await Task.WhenAll(flusher.ExecuteTask!, live.ExecuteTask!, quarantine.ExecuteTask!).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the service the way SIGTERM would: ingest first, then the pipeline drains into PostGIS.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await StopAsync();
        await App.DisposeAsync();
        await PostgisDatabase.DropAsync(ConnectionString);
        if (Directory.Exists(JournalPath))
        {
            Directory.Delete(JournalPath, recursive: true);
        }
    }
}
