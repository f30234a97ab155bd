using System.Net;
using AisLive.Server.Delivery;
using AisLive.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Tests.Delivery;

/// <summary>The connect-time check: what a name resolves to when the webhook is sent, on a real socket and real name resolution.</summary>
public sealed class WebhookTargetsTests
{
    [Fact]
    public async Task Connect_ToANameThatResolvesToLoopback_IsRefused_BeforeAnySocketIsOpened()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = Client(allowed: []);
        var viaName = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri; // resolved by the operating system at connect time

        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.PostAsync(viaName, new StringContent("{}")));

        FailureReasons.Of(refused).ShouldBe(FailureReasons.Refused);
        refused.InnerException.ShouldBeOfType<TargetRefusedException>();
    }

    [Fact]
    public async Task Connect_ToAnAllowedNetwork_Delivers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = Client(allowed: ["127.0.0.0/8"]);

        using var body = new StringContent("{}");
        using var response = await client.PostAsync(new UriBuilder(receiver.Url) { Host = "localhost" }.Uri, body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await receiver.NextAsync(TimeSpan.FromSeconds(5))).Body.ShouldBe("{}");
    }

    [Theory]
    [InlineData("8.8.8.8", null)]
    [InlineData("2001:4860:4860::8888", null)]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("172.32.0.1", null)]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    public void WhyRefused_KnowsTheRanges(string address, string? kind) =>
        new WebhookTargets(Options.Create(new WebhookOptions())).WhyRefused(IPAddress.Parse(address)).ShouldBe(kind);

    private static HttpClient Client(string[] allowed)
    {
        var targets = new WebhookTargets(Options.Create(new WebhookOptions { AllowedPrivateNetworks = allowed }));
#pragma warning disable CA2000 // the HttpClient owns its handler (disposeHandler defaults to true), and the caller disposes the client
        return new HttpClient(new SocketsHttpHandler { ConnectCallback = targets.ConnectAsync, UseProxy = false });
#pragma warning restore CA2000
    }
}
