using AisLive.Server.Streaming;

namespace AisLive.Server.Tests.Live;

public sealed class DoorbellTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ring_BeforeTheWait_WakesItAtOnce_AndRingsCountAsOne()
    {
        var doorbell = new Doorbell();
        doorbell.Ring();
        doorbell.Ring();

        var wait = doorbell.WaitAsync(CancellationToken.None);

        wait.IsCompletedSuccessfully.ShouldBeTrue();
        (await wait).ShouldBeTrue();
        doorbell.TryTake().ShouldBeFalse("two rings before one wait are one wake-up");
    }

    [Fact]
    public async Task Ring_WhileWaiting_WakesTheWaiter_AndTheBellCanBeWaitedOnAgain()
    {
        var doorbell = new Doorbell();
        using var timeout = new CancellationTokenSource(Timeout);

        for (var round = 0; round < 3; round++)
        {
            var wait = doorbell.WaitAsync(timeout.Token);
            wait.IsCompleted.ShouldBeFalse();
            doorbell.Ring();
            (await wait).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Close_EndsAWait_WithFalse_AfterARingAlreadyMade()
    {
        var doorbell = new Doorbell();
        using var timeout = new CancellationTokenSource(Timeout);
        doorbell.Ring();
        doorbell.Close();

        (await doorbell.WaitAsync(timeout.Token)).ShouldBeTrue("a ring made before the close is still delivered");
        (await doorbell.WaitAsync(timeout.Token)).ShouldBeFalse();

        var waiting = new Doorbell();
        var wait = waiting.WaitAsync(timeout.Token);
        waiting.Close();
        (await wait).ShouldBeFalse();
    }

    [Fact]
    public async Task Cancellation_EndsTheWait_AndALaterRingIsNotLost()
    {
        var doorbell = new Doorbell();
        using var cancel = new CancellationTokenSource();
        var wait = doorbell.WaitAsync(cancel.Token);

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await wait);
        doorbell.Ring();
        using var timeout = new CancellationTokenSource(Timeout);
        (await doorbell.WaitAsync(timeout.Token)).ShouldBeTrue();
    }
}
