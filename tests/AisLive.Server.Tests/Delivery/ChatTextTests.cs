using AisLive.Server.Delivery;

namespace AisLive.Server.Tests.Delivery;

public sealed class ChatTextTests
{
    [Fact]
    public void Line_WithSlackMarkupInNamesAndNotes_EscapesIt()
    {
        var delivery = new DueDelivery(1, 1, "alert-acknowledged", "msg_1_1", 0, "https://hooks.example.org/x", "whsec_x", "chat",
            """{"acknowledgedBy":"anna","note":"see <https://evil.example|the manual> & call"}""", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
            12, "critical", "<!channel> TUG", 244000001, "Aground <@U123>", 51.5, 3.5, "ignored");

        var line = ChatText.Line(delivery, publicUrl: null);

        line.ShouldContain("&lt;!channel&gt; TUG (MMSI 244000001)");
        line.ShouldContain("rule Aground &lt;@U123&gt;");
        line.ShouldContain("(\"see &lt;https://evil.example|the manual&gt; &amp; call\")");
        line.ShouldNotContain("<");
    }
}
