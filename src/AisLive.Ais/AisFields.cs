namespace AisLive.Ais;

/// <summary>How an <see cref="AisField"/> is written: gpsd's scaled JSON has whole numbers, scaled numbers, flags and text.</summary>
public enum AisFieldKind
{
    Whole,
    Scaled,
    Flag,
    Text,

    /// <summary>An array of objects (gpsd's <c>tidals</c>, <c>waypoints</c>, <c>gauges</c>, <c>cargos</c>): <see cref="AisField.Rows"/>.</summary>
    Rows,
}

/// <summary>One named field of a message type that the pipeline does not model field by field.</summary>
public readonly record struct AisField(string Name, AisFieldKind Kind, double Number, string? Text, IReadOnlyList<AisFields>? Rows = null)
{
    public bool IsSet => Kind == AisFieldKind.Flag && Number != 0;
}

/// <summary>
/// The fields of the message types the pipeline reads little of (6-8, 10, 12-17, 20, 22, 23, 25, 26 and the binary
/// application payloads), in gpsd's order, with gpsd's scaled-JSON names turned to camelCase.
/// A list rather than a struct per type: these types are rare on air, nothing but <c>decode</c> and the distress
/// rule reads them, and a list keeps <see cref="AisMessage"/> small for the position reports that are the bulk.
/// </summary>
public sealed class AisFields
{
    private readonly List<AisField> _fields = new(8);

    public IReadOnlyList<AisField> All => _fields;

    public AisFields Whole(string name, long value) => Add(new AisField(name, AisFieldKind.Whole, value, null));

    public AisFields Scaled(string name, double value) => Add(new AisField(name, AisFieldKind.Scaled, value, null));

    public AisFields Flag(string name, bool value) => Add(new AisField(name, AisFieldKind.Flag, value ? 1 : 0, null));

    public AisFields Text(string name, string value) => Add(new AisField(name, AisFieldKind.Text, 0, value));

    public AisFields Rows(string name, IReadOnlyList<AisFields> rows) => Add(new AisField(name, AisFieldKind.Rows, rows.Count, null, rows));

    /// <summary>The text field <paramref name="name"/>, or null when the message has none.</summary>
    public string? TextOf(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Kind == AisFieldKind.Text && field.Name == name)
            {
                return field.Text;
            }
        }

        return null;
    }

    private AisFields Add(AisField field)
    {
        _fields.Add(field);
        return this;
    }
}
