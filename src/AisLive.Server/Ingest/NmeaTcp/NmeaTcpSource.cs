using System.Net.Sockets;
using System.Threading.Channels;
using AisLive.Ais;
using AisLive.Server.Pipeline;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Ingest.NmeaTcp;

/// <summary>
/// Reads a raw NMEA line feed over TCP, one line per frame, reconnecting with backoff when the connection
/// fails, closes or goes silent for longer than <see cref="ReconnectOptions.StallTimeout"/>.
/// </summary>
public sealed partial class NmeaTcpSource(IOptions<NmeaTcpOptions> options, FeedStatus status, TimeProvider time, ILogger<NmeaTcpSource> logger) : IAisSource
{
    public string Name => "nmea-tcp";

    public Task RunAsync(ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        status.Source = Name;
        return ReconnectLoop.RunAsync(
            settings,
            (TimeSpan.Zero, TimeSpan.Zero), // a raw feed has no rate limits or keys
            status,
            time,
            async token =>
            {
                var session = new SessionWatch(time);
                var (reason, error) = await RunSessionAsync(settings, session, output, token);
                return new SessionOutcome(reason, UpstreamErrorKind.Transient, error, session.WasHealthy(settings.HealthySession));
            },
            (outcome, delay) => Log.Reconnecting(logger, settings.Host!, settings.Port, outcome.Reason, outcome.Error ?? "-", delay),
            cancellationToken);
    }

    private async Task<(string Reason, string Error)> RunSessionAsync(NmeaTcpOptions settings, SessionWatch session, ChannelWriter<RawFrame> output, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, connectTimeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("connect-timeout", $"no connection within {settings.ConnectTimeout}");
        }
        catch (SocketException ex)
        {
            return ("connect-failed", ex.Message);
        }

        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdog = time.CreateTimer(
            _ =>
            {
                if (session.SilentFor() > settings.StallTimeout && session.MarkStalled())
                {
                    status.SetState(FeedState.Stalled);
                    stalled.Cancel();
                }
            },
            null,
            TimeSpan.FromMilliseconds(Math.Clamp(settings.StallTimeout.TotalMilliseconds / 4, 10, 1000)),
            TimeSpan.FromMilliseconds(Math.Clamp(settings.StallTimeout.TotalMilliseconds / 4, 10, 1000)));

        try
        {
            var reader = new BoundedLineReader(client.GetStream(), 4096);
            while (await reader.ReadLineAsync(stalled.Token) is (true, var line, _))
            {
                session.MessageArrived();
                if (line.IsEmpty)
                {
                    continue;
                }

                status.MessageReceived();
                await output.WriteAsync(new RawFrame(line.ToArray(), time.GetUtcNow(), time.GetTimestamp()), cancellationToken);
            }

            return ("closed", "the feed closed the connection");
        }
        catch (OperationCanceledException) when (session.Stalled && !cancellationToken.IsCancellationRequested)
        {
            return ("stalled", $"no line for {settings.StallTimeout}");
        }
        catch (IOException ex)
        {
            return ("aborted", ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "NMEA feed {Host}:{Port} session ended ({Reason}: {Error}); reconnecting in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string host, int port, string reason, string error, TimeSpan delay);
    }
}
