using System.Text;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// A compiled expression node. Nodes are immutable once parsed, so one tree serves every pull of every consumer
/// using the same expression. <see cref="Start"/>/<see cref="End"/> locate the node's source text for messages.
/// </summary>
internal abstract class SqlNode(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    /// <summary>What Java types as BooleanExpression: comparisons, logic, NOT, IN and TRUE/FALSE/NULL.</summary>
    public virtual bool IsBoolean => false;

    /// <summary>What Java types as ConstantExpression: literals, TRUE/FALSE/NULL included.</summary>
    public virtual bool IsConstant => false;

    public abstract SqlValue Evaluate(ReadOnlySpan<byte> properties);
}

/// <summary>A string, Integer, Long or Double literal, or TRUE/FALSE/NULL (Java's BooleanConstantExpression).</summary>
internal sealed class LiteralNode : SqlNode
{
    private readonly SqlKind _kind;
    private readonly long _integer;
    private readonly double _real;
    private readonly byte[] _utf8;
    private readonly bool _booleanConstant;

    private LiteralNode(int start, int end, SqlKind kind, long integer, double real, byte[] utf8, bool booleanConstant)
        : base(start, end)
    {
        _kind = kind;
        _integer = integer;
        _real = real;
        _utf8 = utf8;
        _booleanConstant = booleanConstant;
    }

    public override bool IsBoolean => _booleanConstant;

    public override bool IsConstant => true;

    public bool IsNullConstant => _kind == SqlKind.Null;

    public bool IsNumber => _kind is SqlKind.Int or SqlKind.Long or SqlKind.Double;

    public static LiteralNode String(int start, int end, string value) =>
        new(start, end, SqlKind.String, 0, 0, Encoding.UTF8.GetBytes(value), false);

    /// <summary>Java's createFromDecimal: an Integer when it fits, else a Long.</summary>
    public static LiteralNode Decimal(int start, int end, long value) => value is >= int.MinValue and <= int.MaxValue
        ? new(start, end, SqlKind.Int, value, 0, [], false)
        : new(start, end, SqlKind.Long, value, 0, [], false);

    public static LiteralNode Double(int start, int end, double value) => new(start, end, SqlKind.Double, 0, value, [], false);

    public static LiteralNode Boolean(int start, int end, bool value) => new(start, end, SqlKind.Bool, value ? 1 : 0, 0, [], true);

    public static LiteralNode Null(int start, int end) => new(start, end, SqlKind.Null, 0, 0, [], true);

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties) => _kind switch
    {
        SqlKind.String => SqlValue.String(_utf8),
        SqlKind.Int => SqlValue.Int((int)_integer),
        SqlKind.Long => SqlValue.Long(_integer),
        SqlKind.Double => SqlValue.Double(_real),
        SqlKind.Bool => SqlValue.Bool(_integer != 0),
        _ => SqlValue.Null,
    };
}

/// <summary>A message property by exact (case-sensitive) name; TAGS, KEYS and user properties alike.</summary>
internal sealed class PropertyNode(int start, int end, string name) : SqlNode(start, end)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(name);

    public string Name { get; } = name;

    // Absent and empty are the same: Java's properties decoder drops empty values.
    public override SqlValue Evaluate(ReadOnlySpan<byte> properties) =>
        Protocol.Messages.MessageProperties.TryFind(properties, _key, out var value) ? SqlValue.String(value) : SqlValue.Null;
}

/// <summary>Unary minus: numbers negate (Integer wraps like Java), anything else is null.</summary>
internal sealed class NegateNode(int start, int end, SqlNode operand) : SqlNode(start, end)
{
    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var value = operand.Evaluate(properties);
        return value.Kind switch
        {
            SqlKind.Error => value,
            SqlKind.Int => SqlValue.Int(unchecked(-(int)value.Integer)),
            SqlKind.Long => SqlValue.Long(unchecked(-value.Integer)),
            SqlKind.Double => SqlValue.Double(-value.Real),
            _ => SqlValue.Null,
        };
    }
}

/// <summary>A property used where a boolean is expected (Java's BooleanCast): a string is never TRUE.</summary>
internal sealed class BooleanCastNode(SqlNode operand) : SqlNode(operand.Start, operand.End)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var value = operand.Evaluate(properties);
        return value.Kind switch
        {
            SqlKind.Null or SqlKind.Error or SqlKind.Bool => value,
            _ => SqlValue.False,
        };
    }
}

/// <summary>NOT: three-valued, NOT NULL is NULL.</summary>
internal sealed class NotNode(int start, int end, SqlNode operand) : SqlNode(start, end)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var value = operand.Evaluate(properties);
        return value.Kind switch
        {
            SqlKind.Bool => SqlValue.Bool(value.Integer == 0),
            SqlKind.Null => value,
            _ => SqlValue.Error,
        };
    }
}

/// <summary>AND with Java's short circuit and null rules: FALSE wins, then NULL, then TRUE.</summary>
internal sealed class AndNode(SqlNode left, SqlNode right) : SqlNode(left.Start, right.End)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var l = left.Evaluate(properties);
        if (l.IsError || l.IsFalse)
        {
            return l;
        }
        var r = right.Evaluate(properties);
        if (r.IsError || r.IsFalse)
        {
            return r;
        }
        return l.IsNull || r.IsNull ? SqlValue.Null : SqlValue.True;
    }
}

/// <summary>OR with Java's short circuit and null rules: TRUE wins, then NULL, then FALSE.</summary>
internal sealed class OrNode(SqlNode left, SqlNode right) : SqlNode(left.Start, right.End)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var l = left.Evaluate(properties);
        if (l.IsError || l.IsTrue)
        {
            return l;
        }
        var r = right.Evaluate(properties);
        if (r.IsError || r.IsTrue)
        {
            return r;
        }
        return l.IsNull || r.IsNull ? SqlValue.Null : SqlValue.False;
    }
}

/// <summary>
/// <c>=</c> (and IS NULL, which is <c>= NULL</c> without the parse-time check): one side null gives NULL when it
/// is the left one and FALSE otherwise; both null is TRUE; then equals(), then the converting compareTo.
/// </summary>
internal sealed class EqualNode(SqlNode left, SqlNode right, int end) : SqlNode(left.Start, end)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var l = left.Evaluate(properties);
        if (l.IsError)
        {
            return l;
        }
        var r = right.Evaluate(properties);
        if (r.IsError)
        {
            return r;
        }
        if (l.IsNull || r.IsNull)
        {
            return l.IsNull && r.IsNull ? SqlValue.True : (l.IsNull ? SqlValue.Null : SqlValue.False);
        }
        if (SqlComparison.JavaEquals(l, r))
        {
            return SqlValue.True;
        }
        return SqlComparison.TryCompare(l, r, out var sign) ? SqlValue.Bool(sign == 0) : SqlValue.Error;
    }
}

internal enum RelationalOperator
{
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

/// <summary>
/// <c>&gt; &gt;= &lt; &lt;=</c>: NULL when either side is null (the right side is not evaluated when the left is
/// null); two strings compare as numbers (Double.valueOf) or fail, never alphabetically.
/// </summary>
internal sealed class RelationalNode(RelationalOperator op, SqlNode left, SqlNode right) : SqlNode(left.Start, right.End)
{
    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var l = left.Evaluate(properties);
        if (l.IsError || l.IsNull)
        {
            return l;
        }
        var r = right.Evaluate(properties);
        if (r.IsError || r.IsNull)
        {
            return r;
        }
        int sign;
        if (l.Kind == SqlKind.String && r.Kind == SqlKind.String)
        {
            if (!JavaNumberText.TryParseDouble(l.Text, out var a) || !JavaNumberText.TryParseDouble(r.Text, out var b))
            {
                return SqlValue.Error;
            }
            sign = SqlComparison.CompareDoubles(a, b);
        }
        else if (!SqlComparison.TryCompare(l, r, out sign))
        {
            return SqlValue.Error;
        }
        return SqlValue.Bool(op switch
        {
            RelationalOperator.Greater => sign > 0,
            RelationalOperator.GreaterOrEqual => sign >= 0,
            RelationalOperator.Less => sign < 0,
            _ => sign <= 0,
        });
    }
}

/// <summary>IN / NOT IN over string literals; a missing property is NULL either way.</summary>
internal sealed class InNode(PropertyNode property, IReadOnlyList<string> values, bool negated, int end) : SqlNode(property.Start, end)
{
    private readonly byte[][] _values = values.Select(Encoding.UTF8.GetBytes).ToArray();

    public override bool IsBoolean => true;

    public override SqlValue Evaluate(ReadOnlySpan<byte> properties)
    {
        var value = property.Evaluate(properties);
        if (value.Kind != SqlKind.String)
        {
            return SqlValue.Null;
        }
        var found = false;
        foreach (var candidate in _values)
        {
            if (value.Text.SequenceEqual(candidate))
            {
                found = true;
                break;
            }
        }
        return SqlValue.Bool(found ^ negated);
    }
}
