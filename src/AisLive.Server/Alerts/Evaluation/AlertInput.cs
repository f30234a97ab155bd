using AisLive.Server.Pipeline;

namespace AisLive.Server.Alerts;

/// <summary>
/// One item for the evaluator: a message about a vessel some rule may apply to, or (<see cref="IsTick"/>) only
/// the feed's clock moving on. <see cref="FeedTime"/> is the newest message time the decoder had seen when the
/// item was queued, so the evaluator's clock moves in step with the messages it has actually evaluated.
/// </summary>
public readonly record struct AlertInput(DecodedMessage Message, bool IsTick, DateTimeOffset FeedTime);
