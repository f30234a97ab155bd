namespace AisLive.Server.Web;

public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>Where <c>scripts/aislive</c> installs the page's npm packages (relative to the working directory).</summary>
    public string VendorPath { get; set; } = "web/node_modules";
}
