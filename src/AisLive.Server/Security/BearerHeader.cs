namespace AisLive.Server.Security;

public static class BearerHeader
{
    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
