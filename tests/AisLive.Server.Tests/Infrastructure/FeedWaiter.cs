using AisLive.Server.Ingest;

namespace AisLive.Server.Tests.Infrastructure;

/// <summary>Awaits a feed state change (event-driven, with a timeout), never polling.</summary>
public static class FeedWaiter
{
    public static async Task<FeedSnapshot> WaitForAsync(FeedStatus status, Func<FeedSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource<FeedSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(FeedSnapshot snapshot)
        {
            if (condition(snapshot))
            {
                reached.TrySetResult(snapshot);
            }
        }

        status.Changed += OnChanged;
        try
        {
            var current = status.Snapshot();
            if (condition(current))
            {
                return current;
            }

            return await reached.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        finally
        {
            status.Changed -= OnChanged;
        }
    }
}
