using System.Globalization;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>Number forms of RESP: decimal integers, and doubles that may be inf, -inf or nan.</summary>
internal static class RespNumbers
{
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        // Redis writes infinities as "inf"/"-inf" (RESP3 doubles) or "+inf"/"-inf" (ZSCORE in RESP2).
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
            value = double.PositiveInfinity;
        else if (text.SequenceEqual("-inf"u8))
            value = double.NegativeInfinity;
        else if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
            value = double.NaN;
        else
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        return true;
    }

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
