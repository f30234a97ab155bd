using AisLive.Server.Commands;
using AisLive.Server.Hosting;

// The one executable: the service by default, or one of the developer commands of scripts/aislive.
if (args is [var command, ..] && Commands.TryGet(command) is { } run)
{
    return await run(args[1..]);
}

await AisLiveApp.Build(args).RunAsync();
return 0;
