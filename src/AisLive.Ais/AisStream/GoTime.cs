using System.Buffers.Text;

namespace AisLive.Ais.AisStream;

/// <summary>
/// Parses the Go <c>time.Time.String()</c> form AISStream puts in <c>MetaData.time_utc</c>:
/// <c>2023-10-15 09:51:08.29461965 +0000 UTC</c>, with 0 to 9 fraction digits.
/// </summary>
public static class GoTime
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = text[19..];
        long fractionTicks = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 0;
            rest = rest[1..];
            while (digits < rest.Length && rest[digits] is >= (byte)'0' and <= (byte)'9')
            {
                if (digits < 7)
                {
                    fractionTicks = (fractionTicks * 10) + (rest[digits] - '0');
                }

                digits++;
            }

            if (digits is 0 or > 9)
            {
                return false;
            }

            for (var i = digits; i < 7; i++)
            {
                fractionTicks *= 10;
            }

            rest = rest[digits..];
        }

        var offset = TimeSpan.Zero;
        if (rest.Length >= 6 && rest[0] == ' ' && rest[1] is (byte)'+' or (byte)'-')
        {
            if (!Digits(rest.Slice(2, 2), out var offsetHours) || !Digits(rest.Slice(4, 2), out var offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (rest[1] == '-' ? -1 : 1);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // the first or last hours of the calendar shifted out of range by the offset
        }
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value) =>
        Utf8Parser.TryParse(text, out value, out var used) && used == text.Length && value >= 0;
}
