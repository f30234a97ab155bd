namespace AisLive.Ais.Tests;

public sealed class AisTextTests
{
    [Theory]
    [InlineData("BAD\u0000NAME", 20, "BADNAME")]
    [InlineData("\u001b[31mROTTERDAM\u0007", 20, "[31mROTTERDAM")]
    [InlineData("EVIL\u202eEMAN", 20, "EVILEMAN")] // a bidi override would reverse how the name reads on a map
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20, "ABCDEFGHIJKLMNOPQRST")]
    [InlineData("PD1234567", 7, "PD12345")]
    [InlineData("NAME\u0000@@@@", 20, "NAME")]
    public void Clean_BadText_IsCleanedCutAndReported(string text, int max, string expected)
    {
        var cleaned = false;

        AisText.Clean(text, max, ref cleaned).ShouldBe(expected);

        cleaned.ShouldBeTrue();
    }

    [Theory]
    [InlineData("MAERSK KIEL", "MAERSK KIEL")]
    [InlineData("  LEADING", "  LEADING")] // leading spaces are kept as sent (gpsd, the shared corpus)
    [InlineData("PADDED@@@@  ", "PADDED")]
    [InlineData("ØRESUND 🚢", "ØRESUND 🚢")]
    public void Clean_PlainText_IsKept_AndPaddingIsNotCleaning(string text, string expected)
    {
        var cleaned = false;

        AisText.Clean(text, AisText.ShipNameChars, ref cleaned).ShouldBe(expected);

        cleaned.ShouldBeFalse();
    }

    [Fact]
    public void Clean_LoneSurrogate_IsRemoved()
    {
        var cleaned = false; // built here: xunit's data serialisation would turn a lone surrogate into U+FFFD

        AisText.Clean("LONE" + (char)0xD800 + "SURROGATE", AisText.ShipNameChars, ref cleaned).ShouldBe("LONESURROGATE");

        cleaned.ShouldBeTrue();
    }

    [Fact]
    public void Clean_PlainTextWithinItsWidth_ReturnsTheSameInstance()
    {
        var cleaned = false;
        const string name = "STENA HOLLANDICA";

        AisText.Clean(name, AisText.ShipNameChars, ref cleaned).ShouldBeSameAs(name);
    }
}
