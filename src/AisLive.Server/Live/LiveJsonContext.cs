using System.Text.Json;
using System.Text.Json.Serialization;
using AisLive.Server.Vessels;

namespace AisLive.Server.Live;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VesselState))]
public sealed partial class LiveJsonContext : JsonSerializerContext;
