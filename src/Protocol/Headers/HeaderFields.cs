using System.Globalization;

namespace EventBroker.Protocol.Headers;

/// <summary>
/// Reads and writes custom-header fields in a command's ext fields the way Java's RemotingCommand does:
/// values are strings parsed with Integer.parseInt / Long.parseLong (ASCII digits, optional sign, nothing else)
/// and Boolean.parseBoolean ("true" in any case is true, anything else false); a missing @CFNotNull field fails
/// the request. Writers store strings only, because the C++ client drops non-string values and Go cannot
/// unmarshal them.
/// </summary>
internal static class HeaderFields
{
    public static string RequireString(RemotingCommand command, string name) =>
        command.GetExt(name) ?? Missing<string>(command, name);

    public static string? OptionalString(RemotingCommand command, string name) => command.GetExt(name);

    public static int RequireInt32(RemotingCommand command, string name) =>
        OptionalInt32(command, name) ?? Missing<int>(command, name);

    public static int? OptionalInt32(RemotingCommand command, string name)
    {
        var text = command.GetExt(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            RemotingProtocolException.ThrowNotNumber(name, "an integer", text);
        }

        return value;
    }

    public static long RequireInt64(RemotingCommand command, string name) =>
        OptionalInt64(command, name) ?? Missing<long>(command, name);

    public static long? OptionalInt64(RemotingCommand command, string name)
    {
        var text = command.GetExt(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            RemotingProtocolException.ThrowNotNumber(name, "a long integer", text);
        }

        return value;
    }

    /// <summary>Boolean.parseBoolean: never fails, absent or unrecognised text is false.</summary>
    public static bool ParseBoolean(RemotingCommand command, string name) =>
        OptionalBoolean(command, name) ?? false;

    /// <summary>A Boolean field marked @CFNotNull (CreateTopicRequestHeader.order): absent fails, any text parses.</summary>
    public static bool RequireBoolean(RemotingCommand command, string name) =>
        OptionalBoolean(command, name) ?? Missing<bool>(command, name);

    public static bool? OptionalBoolean(RemotingCommand command, string name)
    {
        var text = command.GetExt(name);
        return text is null ? null : string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Stores a value; a null one is left out, as Java's makeCustomHeaderToNet does.</summary>
    public static void Put(RemotingCommand command, string name, string? value)
    {
        if (value is not null)
        {
            command.AddExt(name, value);
        }
    }

    public static void Put(RemotingCommand command, string name, long? value)
    {
        if (value is { } v)
        {
            command.AddExt(name, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Java's String.valueOf(boolean): lower case.</summary>
    public static void Put(RemotingCommand command, string name, bool? value)
    {
        if (value is { } v)
        {
            command.AddExt(name, v ? "true" : "false");
        }
    }

    private static T Missing<T>(RemotingCommand command, string name)
    {
        RemotingProtocolException.ThrowMissingField(command.IsResponse, name);
        return default!;
    }
}
