using System.Globalization;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// Java's Integer.valueOf, Long.valueOf, Double.valueOf and Boolean.valueOf over a property's UTF-8 text: the
/// conversions RocketMQ's ComparisonExpression applies when a property (always a string) meets a number or a
/// boolean. Whole-text only: " 5" is not an Integer (Java does not trim), but Double.valueOf trims.
/// </summary>
internal static class JavaNumberText
{
    public static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (!TryParseLong(text, out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }
        value = (int)wide;
        return true;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            text = text[1..];
        }
        if (text.IsEmpty)
        {
            return false;
        }
        // Accumulate negatively so that Long.MIN_VALUE parses, as Java does.
        long result = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            var digit = b - '0';
            if (result < (long.MinValue + digit) / 10)
            {
                return false;
            }
            result = (result * 10) - digit;
        }
        if (!negative)
        {
            if (result == long.MinValue)
            {
                return false;
            }
            result = -result;
        }
        value = result;
        return true;
    }

    /// <summary>
    /// Double.valueOf: surrounding chars up to U+0020 trimmed, an optional sign, then NaN, Infinity or a decimal
    /// number with an optional exponent and an optional f/F/d/D suffix. (Java's hexadecimal form is not accepted.)
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] <= (byte)' ')
        {
            start++;
        }
        while (end > start && text[end - 1] <= (byte)' ')
        {
            end--;
        }
        text = text[start..end];
        if (text.IsEmpty)
        {
            return false;
        }
        var body = text;
        var negative = false;
        if (body[0] is (byte)'+' or (byte)'-')
        {
            negative = body[0] == (byte)'-';
            body = body[1..];
        }
        if (body.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
            return true;
        }
        if (body.SequenceEqual("Infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (!body.IsEmpty && body[^1] is (byte)'f' or (byte)'F' or (byte)'d' or (byte)'D')
        {
            body = body[..^1];
            text = text[..^1];
        }
        if (!IsDecimal(body))
        {
            return false;
        }
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Boolean.valueOf: "true" in any case is true, anything else false.</summary>
    public static bool ParseBoolean(ReadOnlySpan<byte> text) =>
        text.Length == 4 && (text[0] | 0x20) == 't' && (text[1] | 0x20) == 'r' && (text[2] | 0x20) == 'u' && (text[3] | 0x20) == 'e';

    // digits [. digits] | . digits, then an optional exponent with at least one digit.
    private static bool IsDecimal(ReadOnlySpan<byte> s)
    {
        var i = 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit((char)s[i]))
        {
            i++;
            digits++;
        }
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }
            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0)
            {
                return false;
            }
        }
        return i == s.Length;
    }
}
