using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Reads a JSON header as tolerantly as fastjson does on the Java broker, because clients differ:
/// ali-ons sends numbers and booleans in extFields, the C++ client mixes numbers and strings, some send numeric
/// fields as strings, a language may be a name or an ordinal. Ext values are kept as the text the client sent
/// (a number's raw digits, true/false); null values are dropped; unknown fields are skipped.
/// </summary>
internal static class JsonHeaderReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static RemotingCommand Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadObject(json);
        }
        catch (JsonException e)
        {
            throw RemotingProtocolException.InvalidJson(e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on an escaped string that does not transcode.
            throw RemotingProtocolException.InvalidJson(e.Message, e);
        }
    }

    private static RemotingCommand ReadObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            RemotingProtocolException.ThrowInvalidJson("it is not a JSON object");
        }

        var command = new RemotingCommand();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                command.Code = ReadInt32(ref reader, "code", command.Code);
            }
            else if (reader.ValueTextEquals("extFields"u8))
            {
                command.ExtFields = ReadExtFields(ref reader, json);
            }
            else if (reader.ValueTextEquals("opaque"u8))
            {
                command.Opaque = ReadInt32(ref reader, "opaque", command.Opaque);
            }
            else if (reader.ValueTextEquals("flag"u8))
            {
                command.Flag = ReadInt32(ref reader, "flag", command.Flag);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                command.Version = ReadInt32(ref reader, "version", command.Version);
            }
            else if (reader.ValueTextEquals("language"u8))
            {
                command.Language = ReadLanguage(ref reader, command.Language);
            }
            else if (reader.ValueTextEquals("remark"u8))
            {
                reader.Read();
                command.Remark = ReadScalarText(ref reader, json);
            }
            else
            {
                // serializeTypeCurrentRPC is informational; anything else is not ours to interpret.
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            RemotingProtocolException.ThrowInvalidJson($"unexpected {reader.TokenType} at byte {reader.TokenStartIndex}");
        }

        return command;
    }

    private static int ReadInt32(ref Utf8JsonReader reader, string field, int current)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                return number;
            case JsonTokenType.String when TryParseInt32(ref reader, out var parsed):
                return parsed;
            case JsonTokenType.Null:
                return current;
            default:
                RemotingProtocolException.ThrowInvalidJson($"'{field}' is not an integer: {RawText(ref reader)}");
                return current;
        }
    }

    private static bool TryParseInt32(ref Utf8JsonReader reader, out int value) => reader.ValueIsEscaped
        ? int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        : int.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static LanguageCode ReadLanguage(ref Utf8JsonReader reader, LanguageCode current)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.ValueIsEscaped
                    ? LanguageNames.Parse(Encoding.UTF8.GetBytes(reader.GetString()!))
                    : LanguageNames.Parse(reader.ValueSpan);
            case JsonTokenType.Number when reader.TryGetInt64(out var ordinal):
                return LanguageNames.FromOrdinal(ordinal);
            case JsonTokenType.Null:
                return current;
            default:
                RemotingProtocolException.ThrowInvalidJson($"'language' is neither a name nor an ordinal: {RawText(ref reader)}");
                return current;
        }
    }

    private static Dictionary<string, string>? ReadExtFields(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            RemotingProtocolException.ThrowInvalidJson($"'extFields' is not an object: {RawText(ref reader)}");
        }

        var fields = new Dictionary<string, string>(16);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? reader.GetString()! : ExtFieldKeyCache.Get(reader.ValueSpan);
            reader.Read();
            if (ReadScalarText(ref reader, json) is { } value)
            {
                fields[key] = value;
            }
        }

        return fields;
    }

    /// <summary>
    /// A value as the text Java would hold after fastjson converts it to String: a string's contents, a number's
    /// digits as sent, true/false, null for null, and the JSON text of a nested object or array.
    /// </summary>
    private static string? ReadScalarText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // Unescaped text is decoded leniently, as Java's new String(bytes, UTF_8) would.
                return reader.ValueIsEscaped ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return null;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
        }
    }

    private static string RawText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String or JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };
}
