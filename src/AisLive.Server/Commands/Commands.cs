namespace AisLive.Server.Commands;

/// <summary>The developer commands that share the service's binary (<c>scripts/aislive decode</c>, ...).</summary>
public static class Commands
{
    public static Func<string[], Task<int>>? TryGet(string name) => name switch
    {
        "decode" => DecodeCommand.RunAsync,
        "simulate" => SimulateCommand.RunAsync,
        "record" => RecordCommand.RunAsync,
        "token" => TokenCommand.RunAsync,
        _ => null,
    };
}
