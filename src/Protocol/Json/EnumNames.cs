using System.Globalization;

namespace EventBroker.Protocol.Json;

/// <summary>
/// Enum names and ordinals as fastjson sees them. The protocol enums declare each constant's Java ordinal as
/// its value, so the ordinal of a constant is its value and the constant with ordinal n is the one valued n.
/// </summary>
internal static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = BuildByName();
    private static readonly Dictionary<long, TEnum> ByOrdinal = BuildByOrdinal();

    public static string? NameOf(TEnum value) => Enum.GetName(value);

    public static bool TryParseName(string name, out TEnum value) => ByName.TryGetValue(name, out value);

    public static bool TryFromOrdinal(long ordinal, out TEnum value) => ByOrdinal.TryGetValue(ordinal, out value);

    private static Dictionary<string, TEnum> BuildByName()
    {
        var map = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            map[value.ToString()] = value;
        }
        return map;
    }

    private static Dictionary<long, TEnum> BuildByOrdinal()
    {
        var map = new Dictionary<long, TEnum>();
        foreach (var value in Enum.GetValues<TEnum>())
        {
            map.TryAdd(Convert.ToInt64(value, CultureInfo.InvariantCulture), value);
        }
        return map;
    }
}
