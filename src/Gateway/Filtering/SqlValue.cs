namespace EventBroker.Gateway.Filtering;

/// <summary>
/// The Java types a RocketMQ filter expression can produce: null, Boolean, Integer, Long, Double and String, plus
/// <see cref="Error"/> for what throws in Java (a property that does not parse as the number it is compared with).
/// An error aborts the whole evaluation, as the Java exception does, and the message does not match.
/// </summary>
internal enum SqlKind : byte
{
    Null,
    Error,
    Bool,
    Int,
    Long,
    Double,
    String,
}

/// <summary>
/// One value during evaluation. A string is UTF-8 and points into the stored record's properties (or a literal),
/// so evaluating a message allocates nothing.
/// </summary>
internal readonly ref struct SqlValue
{
    private SqlValue(SqlKind kind, long integer, double real, ReadOnlySpan<byte> text)
    {
        Kind = kind;
        Integer = integer;
        Real = real;
        Text = text;
    }

    public SqlKind Kind { get; }

    /// <summary>Int and Long values; 1 or 0 for Bool.</summary>
    public long Integer { get; }

    public double Real { get; }

    public ReadOnlySpan<byte> Text { get; }

    public bool IsNull => Kind == SqlKind.Null;

    public bool IsError => Kind == SqlKind.Error;

    public bool IsTrue => Kind == SqlKind.Bool && Integer != 0;

    public bool IsFalse => Kind == SqlKind.Bool && Integer == 0;

    public static SqlValue Null => default;

    public static SqlValue Error => new(SqlKind.Error, 0, 0, default);

    public static SqlValue True => new(SqlKind.Bool, 1, 0, default);

    public static SqlValue False => new(SqlKind.Bool, 0, 0, default);

    public static SqlValue Bool(bool value) => value ? True : False;

    public static SqlValue Int(int value) => new(SqlKind.Int, value, 0, default);

    public static SqlValue Long(long value) => new(SqlKind.Long, value, 0, default);

    public static SqlValue Double(double value) => new(SqlKind.Double, 0, value, default);

    public static SqlValue String(ReadOnlySpan<byte> utf8) => new(SqlKind.String, 0, 0, utf8);
}
