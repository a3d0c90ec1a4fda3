using System.Text;

namespace EventBroker.Protocol.Frames;

/// <summary>The JSON form of <see cref="LanguageCode"/>: the enum name, as fastjson writes a Java enum.</summary>
internal static class LanguageNames
{
    private static readonly byte[][] Utf8Names = BuildNames();

    public static ReadOnlySpan<byte> GetUtf8(LanguageCode language) =>
        (int)language < Utf8Names.Length ? Utf8Names[(int)language] : Utf8Names[(int)LanguageCode.OTHER];

    /// <summary>
    /// Exact name first, then ignoring ASCII case as fastjson's enum lookup also does. A client language this
    /// broker does not know (ali-ons may claim one) is not an error: it only labels the connection.
    /// </summary>
    public static LanguageCode Parse(ReadOnlySpan<byte> utf8Name)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (utf8Name.SequenceEqual(Utf8Names[i]))
            {
                return (LanguageCode)i;
            }
        }

        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(utf8Name, Utf8Names[i]))
            {
                return (LanguageCode)i;
            }
        }

        return LanguageCode.OTHER;
    }

    /// <summary>fastjson also accepts an enum as its ordinal; Java's LanguageCode ordinals equal our values.</summary>
    public static LanguageCode FromOrdinal(long ordinal) =>
        ordinal >= 0 && ordinal < Utf8Names.Length ? (LanguageCode)ordinal : LanguageCode.OTHER;

    /// <summary>The ROCKETMQ header's language byte; Java maps an unknown byte to null, we to OTHER.</summary>
    public static LanguageCode FromByte(byte code) => FromOrdinal(code);

    private static byte[][] BuildNames()
    {
        var values = Enum.GetValues<LanguageCode>();
        var names = new byte[(int)values.Max() + 1][];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(Enum.GetName((LanguageCode)i) ?? nameof(LanguageCode.OTHER));
        }

        return names;
    }
}
