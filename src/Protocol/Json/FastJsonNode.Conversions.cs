using System.Globalization;

namespace EventBroker.Protocol.Json;

public sealed partial class FastJsonNode
{
    /// <summary>A string as is; a number as written; true/false; an object or array as compact JSON; null for null.</summary>
    public string? GetString() => Kind switch
    {
        FastJsonKind.String or FastJsonKind.Number => _text,
        FastJsonKind.True => "true",
        FastJsonKind.False => "false",
        FastJsonKind.Null => null,
        _ => ToString(),
    };

    /// <summary>From a number (a fraction is truncated, like BigDecimal.longValue) or a numeric string.</summary>
    public long GetInt64()
    {
        switch (Kind)
        {
            case FastJsonKind.Null:
                return 0;
            case FastJsonKind.True:
                return 1;
            case FastJsonKind.False:
                return 0;
            case FastJsonKind.Number:
            case FastJsonKind.String:
                var text = _text.AsSpan().Trim();
                // fastjson reads "" and "null" in a numeric field as null.
                if (text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    return 0;
                }
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction)
                    && fraction >= long.MinValue && fraction <= long.MaxValue)
                {
                    return (long)decimal.Truncate(fraction);
                }
                throw new FormatException($"'{_text}' is not a 64-bit integer.");
            default:
                throw Mismatch("a number");
        }
    }

    public int GetInt32()
    {
        var value = GetInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new FormatException($"{value} does not fit in a 32-bit integer.");
        }
        return (int)value;
    }

    public double GetDouble()
    {
        switch (Kind)
        {
            case FastJsonKind.Null:
                return 0;
            case FastJsonKind.Number:
            case FastJsonKind.String:
                var text = _text.AsSpan().Trim();
                if (text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    return 0;
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                throw new FormatException($"'{_text}' is not a number.");
            default:
                throw Mismatch("a number");
        }
    }

    /// <summary>From true/false, the strings "true"/"false" (any case), or 1/0 as fastjson's castToBoolean accepts.</summary>
    public bool GetBoolean()
    {
        switch (Kind)
        {
            case FastJsonKind.True:
                return true;
            case FastJsonKind.False:
            case FastJsonKind.Null:
                return false;
            case FastJsonKind.Number:
            case FastJsonKind.String:
                var text = _text.AsSpan().Trim();
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
                {
                    return true;
                }
                if (text.IsEmpty || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0")
                    || text.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
                throw new FormatException($"'{_text}' is not a boolean.");
            default:
                throw Mismatch("a boolean");
        }
    }

    /// <summary>From a constant's name (Java sends names) or its ordinal (C++ 3.0 sends ordinals), as number or string.</summary>
    public TEnum GetEnum<TEnum>()
        where TEnum : struct, Enum
    {
        switch (Kind)
        {
            case FastJsonKind.Null:
                return default;
            case FastJsonKind.Number:
            case FastJsonKind.String:
                if (Kind == FastJsonKind.String && EnumNames<TEnum>.TryParseName(_text!, out var named))
                {
                    return named;
                }
                if (long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ordinal)
                    && EnumNames<TEnum>.TryFromOrdinal(ordinal, out var byOrdinal))
                {
                    return byOrdinal;
                }
                if (_text!.Length == 0)
                {
                    return default;
                }
                throw new FormatException($"'{_text}' is not a {typeof(TEnum).Name}.");
            default:
                throw Mismatch("an enum name or ordinal");
        }
    }
}
