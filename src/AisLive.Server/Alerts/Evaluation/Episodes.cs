using AisLive.Server.Vessels;

namespace AisLive.Server.Alerts;

/// <summary>
/// The episode mechanics every rule kind shares: counting fixes, cooldowns, opening, closing and forgetting.
/// A transition without a fix time of its own is dated by the feed's clock (<paramref name="feedTime"/>).
/// </summary>
internal sealed class Episodes(Func<DateTimeOffset> feedTime)
{
    /// <summary>Counts consecutive fixes for the condition (or its end) and opens or closes the episode when they add up.</summary>
    public void Step(CompiledRule rule, VesselTrack track, VesselState state, bool condition, bool ended, double? value, double? threshold, string message, List<AlertTransition> transitions)
    {
        var at = state.Timestamp ?? feedTime();
        var episode = track.Episodes.GetValueOrDefault(rule.Id);
        if (episode is not { Open: true })
        {
            if (!condition)
            {
                Idle(rule, track, episode);
                return;
            }

            episode ??= track.Episodes[rule.Id] = new EpisodeState();
            if (++episode.Counter >= rule.ConsecutiveFixes && CooledDown(rule, episode, at))
            {
                Open(rule, track, state, value, threshold, at, message, transitions);
            }

            return;
        }

        episode.Counter = ended ? episode.Counter + 1 : 0;
        if (episode.Counter >= rule.ConsecutiveFixes)
        {
            Close(rule, track, episode, state, message, transitions);
        }
    }

    /// <summary>
    /// Sends an open episode's evidence on (same alert, <c>alert-updated</c>) when <paramref name="every"/> has passed since
    /// it was raised or last updated: an encounter or a silence that goes on, told without flooding anyone.
    /// </summary>
    public static void Update(CompiledRule rule, VesselTrack track, EpisodeState episode, VesselState state, DateTimeOffset at, TimeSpan every, double? value, string message, System.Text.Json.Nodes.JsonObject measured, List<AlertTransition> transitions, uint? other = null, string? otherName = null, IEnumerable<Fix>? fixes = null)
    {
        if (episode.LastUpdated is { } last && at - last < every)
        {
            return;
        }

        episode.LastUpdated = at;
        transitions.Add(new AlertTransition(true, rule, state.Mmsi, state.Name, state.Lat, state.Lon, value, null, at, message)
        {
            Update = true,
            Evidence = AlertEvidence.Of(rule, fixes ?? track.Recent(), measured),
            OtherMmsi = other,
            OtherName = otherName,
        });
    }

    public static bool CooledDown(CompiledRule rule, EpisodeState? episode, DateTimeOffset at) =>
        episode?.LastRaised is not { } last || at - last >= rule.Rule.Cooldown;

    public static void Open(CompiledRule rule, VesselTrack track, VesselState state, double? value, double? threshold, DateTimeOffset at, string message, List<AlertTransition> transitions, System.Text.Json.Nodes.JsonObject? measured = null)
    {
        if (!track.Episodes.TryGetValue(rule.Id, out var episode))
        {
            track.Episodes[rule.Id] = episode = new EpisodeState { Geofence = rule.Kind is RuleKinds.GeofenceEnter or RuleKinds.GeofenceExit };
        }

        episode.Open = true;
        episode.Counter = 0;
        episode.LastRaised = at;
        episode.Rule = rule;
        episode.LastUpdated = at;
        transitions.Add(new AlertTransition(true, rule, state.Mmsi, state.Name, state.Lat, state.Lon, value, threshold, at, message) { Evidence = AlertEvidence.Of(rule, track, measured) });
    }

    public void Close(CompiledRule rule, VesselTrack track, EpisodeState episode, VesselState state, string message, List<AlertTransition> transitions, System.Text.Json.Nodes.JsonObject? measured = null)
    {
        if (state.Timestamp is { } at && episode.LastRaised is { } raised && at < raised)
        {
            episode.Counter = 0; // a fix from before the episode began (a replay after a restart) cannot end it
            return;
        }

        episode.Open = false;
        episode.Counter = 0;
        transitions.Add(new AlertTransition(false, rule, state.Mmsi, state.Name, state.Lat, state.Lon, null, null, state.Timestamp ?? feedTime(), message)
        {
            Evidence = measured, // what the end measured, merged into the evidence that raised it
        });
        Idle(rule, track, episode);
    }

    /// <summary>
    /// Resets an episode's counter and forgets it unless it is open, still needed for its rule's cooldown, or
    /// holding an anchor position (while the vessel stays at anchor). <paramref name="forget"/> drops the anchor.
    /// </summary>
    public static void Idle(CompiledRule rule, VesselTrack track, EpisodeState? episode, bool forget = false)
    {
        if (episode is null)
        {
            return;
        }

        episode.Counter = 0;
        if (forget)
        {
            episode.Anchor = null;
        }

        if (episode.Open)
        {
            return;
        }

        var neededForCooldown = episode.LastRaised is not null && rule.Rule.Cooldown > TimeSpan.Zero;
        if (!neededForCooldown && episode.Anchor is null)
        {
            track.Episodes.Remove(rule.Id);
        }
    }

    public void Forget(VesselTrack track, VesselState state, long ruleId, List<AlertTransition> transitions) =>
        Forget(track, state.Mmsi, ruleId, state.Timestamp ?? feedTime(), transitions);

    /// <summary>Drops an episode whose rule no longer applies; an open one is resolved, never stranded.</summary>
    public static void Forget(VesselTrack track, uint mmsi, long ruleId, DateTimeOffset at, List<AlertTransition> transitions)
    {
        if (track.Episodes.Remove(ruleId, out var episode) && episode.Open)
        {
            var rule = episode.Rule ?? Removed(ruleId, "unknown");
            var name = track.Last is { } last ? AlertWording.Name(last) : $"MMSI {mmsi}";
            var resolvedAt = episode.LastRaised is { } raised && raised > at ? raised : at;
            transitions.Add(new AlertTransition(false, rule, mmsi, track.Last?.Name, track.Last?.Lat, track.Last?.Lon, null, null, resolvedAt,
                $"{name}: rule {rule.Rule.Name} no longer applies (removed, or the vessel left its fleet)"));
        }
    }

    /// <summary>A stand-in for a rule that is gone, so its open alerts can still be resolved.</summary>
    public static CompiledRule Removed(long ruleId, string kind) =>
        new() { Rule = new AlertRule(ruleId, $"#{ruleId}", 0, kind, "info", [], null, TimeSpan.Zero, default) };
}
