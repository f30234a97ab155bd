using System.ComponentModel.DataAnnotations;

namespace AisLive.Server.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The HS256 key: the UTF-8 bytes of this string. <c>scripts/aislive</c> makes a random one for development.</summary>
    [Required(ErrorMessage = "Auth:SigningKey is required (at least 32 characters); scripts/aislive makes a development key in .data/.")]
    [MinLength(32, ErrorMessage = "Auth:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = string.Empty;

    [Required]
    public string Issuer { get; set; } = "aislive";

    [Required]
    public string Audience { get; set; } = "aislive";

    /// <summary>The HttpOnly, SameSite=Strict cookie that carries a browser's token (EventSource cannot send headers).</summary>
    [Required]
    public string CookieName { get; set; } = "aislive_session";

    /// <summary>Tolerance for clock differences between the issuer and this service.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
