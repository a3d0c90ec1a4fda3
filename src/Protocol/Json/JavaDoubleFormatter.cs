using System.Globalization;

namespace EventBroker.Protocol.Json;

/// <summary>
/// Prints a double the way Java's Double.toString (and fastjson's RyuDouble) does: the shortest digits that
/// round-trip, plain notation with at least one fractional digit for 1E-3 ≤ |v| &lt; 1E7 (1.5, 0.001, 42.0),
/// and d.dddE±n outside it (1.0E7, 1.5E-4).
/// </summary>
internal static class JavaDoubleFormatter
{
    /// <summary>"-" + 17 digits + "." + "E-324" and slack for the plain layout's padding zeros.</summary>
    public const int MaxLength = 32;

    public static int Format(double value, Span<byte> dest)
    {
        var pos = 0;
        if (double.IsNegative(value))
        {
            dest[pos++] = (byte)'-';
            value = -value;
        }
        if (value == 0)
        {
            "0.0"u8.CopyTo(dest[pos..]);
            return pos + 3;
        }

        Span<byte> buffer = stackalloc byte[24];
        var count = ShortestDigits(value, buffer, out var exponent);
        var digits = buffer[..count];

        if (exponent is >= -3 and < 7)
        {
            pos += WritePlain(digits, exponent, dest[pos..]);
            return pos;
        }
        if (count == 1)
        {
            // Java's scientific form always has two significant digits, and they are the value rounded to two
            // digits, not the shortest digit padded: Double.MIN_VALUE prints 4.9E-324, not 5.0E-324.
            count = TwoDigits(value, buffer, out exponent);
            digits = buffer[..count];
        }
        pos += WriteScientific(digits, exponent, dest[pos..]);
        return pos;
    }

    /// <summary>Significant digits without leading or trailing zeros, value = d.ddd × 10^exponent.</summary>
    private static int ShortestDigits(double value, Span<byte> digits, out int exponent)
    {
        // .NET's "R" is the shortest round-trip form, like Ryu; its layout differs from Java's, so reparse it.
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];

        var e = text.IndexOfAny('E', 'e');
        var explicitExponent = 0;
        if (e >= 0)
        {
            explicitExponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var count = 0;
        var pointPosition = text.IndexOf('.');
        if (pointPosition < 0)
        {
            pointPosition = text.Length;
        }
        var leadingZeros = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }
            if (count == 0 && c == '0')
            {
                leadingZeros++;
                continue;
            }
            digits[count++] = (byte)c;
        }
        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }
        exponent = pointPosition - leadingZeros - 1 + explicitExponent;
        return count;
    }

    private static int TwoDigits(double value, Span<byte> digits, out int exponent)
    {
        Span<char> text = stackalloc char[16];
        value.TryFormat(text, out var length, "E1", CultureInfo.InvariantCulture);
        digits[0] = (byte)text[0];
        digits[1] = (byte)text[2];
        exponent = int.Parse(text[4..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return digits[1] == '0' ? 1 : 2;
    }

    private static int WritePlain(ReadOnlySpan<byte> digits, int exponent, Span<byte> dest)
    {
        var pos = 0;
        if (exponent < 0)
        {
            dest[pos++] = (byte)'0';
            dest[pos++] = (byte)'.';
            for (var i = -1; i > exponent; i--)
            {
                dest[pos++] = (byte)'0';
            }
            digits.CopyTo(dest[pos..]);
            return pos + digits.Length;
        }
        var integerDigits = exponent + 1;
        for (var i = 0; i < integerDigits; i++)
        {
            dest[pos++] = i < digits.Length ? digits[i] : (byte)'0';
        }
        dest[pos++] = (byte)'.';
        if (digits.Length > integerDigits)
        {
            digits[integerDigits..].CopyTo(dest[pos..]);
            pos += digits.Length - integerDigits;
        }
        else
        {
            dest[pos++] = (byte)'0';
        }
        return pos;
    }

    private static int WriteScientific(ReadOnlySpan<byte> digits, int exponent, Span<byte> dest)
    {
        var pos = 0;
        dest[pos++] = digits[0];
        dest[pos++] = (byte)'.';
        if (digits.Length > 1)
        {
            digits[1..].CopyTo(dest[pos..]);
            pos += digits.Length - 1;
        }
        else
        {
            dest[pos++] = (byte)'0';
        }
        dest[pos++] = (byte)'E';
        exponent.TryFormat(dest[pos..], out var written, default, CultureInfo.InvariantCulture);
        return pos + written;
    }
}
