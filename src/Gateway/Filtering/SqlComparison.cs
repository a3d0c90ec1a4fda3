namespace EventBroker.Gateway.Filtering;

/// <summary>
/// RocketMQ's ComparisonExpression rules (with CONVERT_STRING_EXPRESSIONS on, as SelectorParser always sets it):
/// values of different types are converted up before compareTo — Integer to Long to Double, a string to the
/// other side's number or boolean type — and what Java cannot convert throws, which here is an error result.
/// </summary>
internal static class SqlComparison
{
    /// <summary>The outcome of Java's <c>__compare</c>: the sign, or false when Java would throw.</summary>
    public static bool TryCompare(scoped in SqlValue left, scoped in SqlValue right, out int result)
    {
        result = 0;
        if (left.Kind == right.Kind)
        {
            result = SameKind(left, right);
            return true;
        }
        switch (left.Kind)
        {
            case SqlKind.Bool:
                // Java casts the Boolean to String here and throws a ClassCastException.
                if (right.Kind == SqlKind.String)
                {
                    return false;
                }
                result = -1;
                return true;
            case SqlKind.Int:
                switch (right.Kind)
                {
                    case SqlKind.Long:
                        result = left.Integer.CompareTo(right.Integer);
                        return true;
                    case SqlKind.Double:
                        result = CompareDoubles(left.Integer, right.Real);
                        return true;
                    case SqlKind.String:
                        if (!JavaNumberText.TryParseInt(right.Text, out var i))
                        {
                            return false;
                        }
                        result = left.Integer.CompareTo(i);
                        return true;
                }
                result = -1;
                return true;
            case SqlKind.Long:
                switch (right.Kind)
                {
                    case SqlKind.Int:
                        result = left.Integer.CompareTo(right.Integer);
                        return true;
                    case SqlKind.Double:
                        result = CompareDoubles(left.Integer, right.Real);
                        return true;
                    case SqlKind.String:
                        if (!JavaNumberText.TryParseLong(right.Text, out var l))
                        {
                            return false;
                        }
                        result = left.Integer.CompareTo(l);
                        return true;
                }
                result = -1;
                return true;
            case SqlKind.Double:
                switch (right.Kind)
                {
                    case SqlKind.Int or SqlKind.Long:
                        result = CompareDoubles(left.Real, right.Integer);
                        return true;
                    case SqlKind.String:
                        if (!JavaNumberText.TryParseDouble(right.Text, out var d))
                        {
                            return false;
                        }
                        result = CompareDoubles(left.Real, d);
                        return true;
                }
                result = -1;
                return true;
            case SqlKind.String:
                return StringAgainst(left.Text, right, out result);
        }
        result = -1;
        return true;
    }

    /// <summary>Java's equals() before compareTo: same type and same value (Double by bits, so NaN equals NaN).</summary>
    public static bool JavaEquals(scoped in SqlValue left, scoped in SqlValue right) =>
        left.Kind == right.Kind && left.Kind switch
        {
            SqlKind.Bool or SqlKind.Int or SqlKind.Long => left.Integer == right.Integer,
            SqlKind.Double => CompareDoubles(left.Real, right.Real) == 0,
            SqlKind.String => left.Text.SequenceEqual(right.Text),
            _ => false,
        };

    /// <summary>Double.compare: NaN is above everything and equal to itself, -0.0 is below 0.0.</summary>
    public static int CompareDoubles(double a, double b)
    {
        if (a < b)
        {
            return -1;
        }
        if (a > b)
        {
            return 1;
        }
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : -1;
        }
        // Equal values: only the zeros differ, by sign.
        return double.IsNegative(a) == double.IsNegative(b) ? 0 : (double.IsNegative(a) ? -1 : 1);
    }

    private static int SameKind(scoped in SqlValue left, scoped in SqlValue right) => left.Kind switch
    {
        SqlKind.Bool or SqlKind.Int or SqlKind.Long => left.Integer.CompareTo(right.Integer),
        SqlKind.Double => CompareDoubles(left.Real, right.Real),
        // UTF-8 byte order; only its zero-ness matters (strings are ordered as numbers for < and >).
        SqlKind.String => Math.Sign(left.Text.SequenceCompareTo(right.Text)),
        _ => 0,
    };

    private static bool StringAgainst(ReadOnlySpan<byte> text, scoped in SqlValue right, out int result)
    {
        result = 0;
        switch (right.Kind)
        {
            case SqlKind.Bool:
                result = (JavaNumberText.ParseBoolean(text) ? 1L : 0L).CompareTo(right.Integer);
                return true;
            case SqlKind.Int:
                if (!JavaNumberText.TryParseInt(text, out var i))
                {
                    return false;
                }
                result = ((long)i).CompareTo(right.Integer);
                return true;
            case SqlKind.Long:
                if (!JavaNumberText.TryParseLong(text, out var l))
                {
                    return false;
                }
                result = l.CompareTo(right.Integer);
                return true;
            case SqlKind.Double:
                if (!JavaNumberText.TryParseDouble(text, out var d))
                {
                    return false;
                }
                result = CompareDoubles(d, right.Real);
                return true;
        }
        result = -1;
        return true;
    }
}
