using System.Diagnostics;
using System.Globalization;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// Writes a JSON header byte for byte as the Java broker's fastjson does: compact, fields in alphabetical order,
/// null fields left out, extFields in HashMap order, strings escaped by <see cref="FastjsonString"/>:
/// <c>{"code":0,"extFields":{..},"flag":1,"language":"JAVA","opaque":5,"remark":"..","serializeTypeCurrentRPC":"JSON","version":0}</c>.
/// Written by hand into the frame's own span: no intermediate string, no Utf8JsonWriter.
/// </summary>
internal static class JsonHeaderWriter
{
    private static ReadOnlySpan<byte> CodeField => "{\"code\":"u8;
    private static ReadOnlySpan<byte> ExtFieldsField => ",\"extFields\":{"u8;
    private static ReadOnlySpan<byte> FlagField => "},\"flag\":"u8;
    private static ReadOnlySpan<byte> FlagFieldNoExt => ",\"flag\":"u8;
    private static ReadOnlySpan<byte> LanguageField => ",\"language\":\""u8;
    private static ReadOnlySpan<byte> OpaqueField => "\",\"opaque\":"u8;
    private static ReadOnlySpan<byte> RemarkField => ",\"remark\":\""u8;
    private static ReadOnlySpan<byte> VersionField => ",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":"u8;

    /// <summary>The header's byte length. Independent of ext field order, so it needs no ordering pass.</summary>
    public static int GetLength(RemotingCommand command)
    {
        var length = CodeField.Length + DecimalLength(command.Code)
            + FlagFieldNoExt.Length + DecimalLength(command.Flag)
            + LanguageField.Length + LanguageNames.GetUtf8(command.Language).Length
            + OpaqueField.Length + DecimalLength(command.Opaque)
            + VersionField.Length + DecimalLength(command.Version)
            + 1;

        if (command.ExtFields is { } ext)
        {
            // ,"extFields":{ ... } and the '}' that FlagField adds over FlagFieldNoExt.
            length += ExtFieldsField.Length + 1;
            foreach (var (key, value) in ext)
            {
                // "key":"value" plus a separating comma, one fewer than entries.
                length += FastjsonString.GetByteCount(key) + FastjsonString.GetByteCount(value) + 6;
            }

            if (ext.Count > 0)
            {
                length--;
            }
        }

        if (command.Remark is { } remark)
        {
            length += RemarkField.Length + FastjsonString.GetByteCount(remark) + 1;
        }

        return length;
    }

    /// <summary>Writes the header into <paramref name="destination"/>, sized by <see cref="GetLength"/>.</summary>
    public static void Write(RemotingCommand command, ReadOnlySpan<KeyValuePair<string, string>> orderedExt, Span<byte> destination)
    {
        var pos = Append(destination, 0, CodeField);
        pos += WriteDecimal(command.Code, destination[pos..]);

        if (command.ExtFields is not null)
        {
            pos = Append(destination, pos, ExtFieldsField);
            for (var i = 0; i < orderedExt.Length; i++)
            {
                if (i > 0)
                {
                    destination[pos++] = (byte)',';
                }

                destination[pos++] = (byte)'"';
                pos += FastjsonString.Write(orderedExt[i].Key, destination[pos..]);
                pos = Append(destination, pos, "\":\""u8);
                pos += FastjsonString.Write(orderedExt[i].Value, destination[pos..]);
                destination[pos++] = (byte)'"';
            }

            pos = Append(destination, pos, FlagField);
        }
        else
        {
            pos = Append(destination, pos, FlagFieldNoExt);
        }

        pos += WriteDecimal(command.Flag, destination[pos..]);
        pos = Append(destination, pos, LanguageField);
        pos = Append(destination, pos, LanguageNames.GetUtf8(command.Language));
        pos = Append(destination, pos, OpaqueField);
        pos += WriteDecimal(command.Opaque, destination[pos..]);

        if (command.Remark is { } remark)
        {
            pos = Append(destination, pos, RemarkField);
            pos += FastjsonString.Write(remark, destination[pos..]);
            destination[pos++] = (byte)'"';
        }

        pos = Append(destination, pos, VersionField);
        pos += WriteDecimal(command.Version, destination[pos..]);
        destination[pos++] = (byte)'}';
        Debug.Assert(pos == destination.Length, "GetLength and Write disagree");
    }

    private static int Append(Span<byte> destination, int pos, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[pos..]);
        return pos + bytes.Length;
    }

    private static int WriteDecimal(int value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int DecimalLength(int value)
    {
        Span<byte> scratch = stackalloc byte[11];
        return WriteDecimal(value, scratch);
    }
}
