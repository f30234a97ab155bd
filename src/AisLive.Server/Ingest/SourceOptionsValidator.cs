using AisLive.Server.Ingest.AisStream;
using AisLive.Server.Ingest.NmeaTcp;
using Microsoft.Extensions.Options;

namespace AisLive.Server.Ingest;

/// <summary>Cross-field checks of the live sources' settings, so bad config fails at start naming the key.</summary>
public sealed class SourceOptionsValidator : IValidateOptions<AisStreamOptions>, IValidateOptions<NmeaTcpOptions>
{
    public ValidateOptionsResult Validate(string? name, AisStreamOptions options) => Result(AisStreamOptions.Validate(options));

    public ValidateOptionsResult Validate(string? name, NmeaTcpOptions options) => Result(NmeaTcpOptions.Validate(options));

    private static ValidateOptionsResult Result(IEnumerable<string> failures)
    {
        var list = failures.ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
