using System.Buffers;

namespace EventBroker.Protocol.Json;

/// <summary>
/// Compact UTF-8 JSON writer that reproduces fastjson's bytes: no whitespace, strings escaped as fastjson
/// escapes them, doubles printed as Java prints them, and map keys that are numbers or whole objects
/// (<c>{0:"a"}</c>, <c>{{"topic":"T"}:{...}}</c>), which fastjson emits and standard JSON does not allow.
/// </summary>
/// <remarks>
/// Inside an object the writer alternates between key and value position: whatever is written first is the
/// key (a string, a number or a whole object) and the writer adds the ':' once that key is complete. Bean
/// fields are written with <see cref="WritePropertyName"/>; the caller writes them in fastjson's (alphabetical)
/// order and leaves out nulls, which is what the <c>WriteProperty</c> overloads do.
/// </remarks>
public sealed partial class FastJsonWriter
{
    // One byte per open container holding these bits.
    private const byte IsObjectBit = 1;
    private const byte HasItemsBit = 2;
    private const byte AfterKeyBit = 4;

    private readonly IBufferWriter<byte> _output;
    private byte[] _stack = new byte[16];
    private int _depth;
    private bool _rootWritten;

    public FastJsonWriter(IBufferWriter<byte> output, FastJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Options = options ?? FastJsonOptions.Default;
    }

    public FastJsonOptions Options { get; }

    public bool StandardJson => Options.StandardJson;

    /// <summary>True when the next token written becomes a map key.</summary>
    public bool InKeyPosition => _depth > 0 && (_stack[_depth - 1] & (IsObjectBit | AfterKeyBit)) == IsObjectBit;

    public void WriteStartObject()
    {
        BeginValue();
        WriteByte((byte)'{');
        Push(IsObjectBit);
    }

    public void WriteEndObject()
    {
        var top = Peek();
        if ((top & IsObjectBit) == 0 || (top & AfterKeyBit) != 0)
        {
            throw new InvalidOperationException("WriteEndObject: not in an object, or a key has no value.");
        }
        _depth--;
        WriteByte((byte)'}');
        EndValue();
    }

    public void WriteStartArray()
    {
        BeginValue();
        WriteByte((byte)'[');
        Push(0);
    }

    public void WriteEndArray()
    {
        if ((Peek() & IsObjectBit) != 0)
        {
            throw new InvalidOperationException("WriteEndArray: not in an array.");
        }
        _depth--;
        WriteByte((byte)']');
        EndValue();
    }

    /// <summary>A bean field name or a string map key.</summary>
    public void WritePropertyName(string name)
    {
        if (!InKeyPosition)
        {
            throw new InvalidOperationException("WritePropertyName: not at a key position.");
        }
        WriteString(name);
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }
        WriteString(value.AsSpan());
    }

    public void WriteString(ReadOnlySpan<char> value)
    {
        BeginValue();
        WriteQuoted(value);
        EndValue();
    }

    public void WriteNumber(int value) => WriteNumber((long)value);

    public void WriteNumber(long value)
    {
        // BrowserCompatible quotes longs a JavaScript double cannot hold exactly.
        const long MaxSafeInteger = 9007199254740991L;
        var quote = StandardJson && (InKeyPosition || value > MaxSafeInteger || value < -MaxSafeInteger);
        BeginValue();
        var span = _output.GetSpan(22);
        var pos = 0;
        if (quote)
        {
            span[pos++] = (byte)'"';
        }
        value.TryFormat(span[pos..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += written;
        if (quote)
        {
            span[pos++] = (byte)'"';
        }
        _output.Advance(pos);
        EndValue();
    }

    /// <summary>Java's Double.toString form (1.5, 0.0, 1.0E7); NaN and infinities become null as in fastjson.</summary>
    public void WriteNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            WriteNull();
            return;
        }
        var quote = StandardJson && InKeyPosition;
        BeginValue();
        var span = _output.GetSpan(JavaDoubleFormatter.MaxLength + 2);
        var pos = 0;
        if (quote)
        {
            span[pos++] = (byte)'"';
        }
        pos += JavaDoubleFormatter.Format(value, span[pos..]);
        if (quote)
        {
            span[pos++] = (byte)'"';
        }
        _output.Advance(pos);
        EndValue();
    }

    public void WriteBoolean(bool value) => WriteLiteral(value ? "true"u8 : "false"u8);

    public void WriteNull() => WriteLiteral("null"u8);

    /// <summary>fastjson's WriteEnumUsingName: the constant's name as a string (the number if it has none).</summary>
    public void WriteEnum<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = EnumNames<TEnum>.NameOf(value);
        if (name is null)
        {
            WriteNumber(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        WriteString(name);
    }

    private void WriteLiteral(ReadOnlySpan<byte> literal)
    {
        var quote = StandardJson && InKeyPosition;
        BeginValue();
        if (quote)
        {
            WriteByte((byte)'"');
        }
        WriteRaw(literal);
        if (quote)
        {
            WriteByte((byte)'"');
        }
        EndValue();
    }

    private void BeginValue()
    {
        if (_depth == 0)
        {
            if (_rootWritten)
            {
                throw new InvalidOperationException("A JSON document has exactly one root value.");
            }
            return;
        }
        ref var top = ref _stack[_depth - 1];
        if ((top & (IsObjectBit | AfterKeyBit)) == (IsObjectBit | AfterKeyBit))
        {
            return;
        }
        if ((top & HasItemsBit) != 0)
        {
            WriteByte((byte)',');
        }
        top |= HasItemsBit;
    }

    private void EndValue()
    {
        if (_depth == 0)
        {
            _rootWritten = true;
            return;
        }
        ref var top = ref _stack[_depth - 1];
        if ((top & IsObjectBit) == 0)
        {
            return;
        }
        if ((top & AfterKeyBit) != 0)
        {
            top &= unchecked((byte)~AfterKeyBit);
        }
        else
        {
            WriteByte((byte)':');
            top |= AfterKeyBit;
        }
    }

    private void Push(byte frame)
    {
        if (_depth == _stack.Length)
        {
            Array.Resize(ref _stack, _stack.Length * 2);
        }
        _stack[_depth++] = frame;
    }

    private byte Peek()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No open object or array.");
        }
        return _stack[_depth - 1];
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }
}
