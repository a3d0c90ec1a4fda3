using System.Globalization;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// Recursive descent over RocketMQ 4.9's SelectorParser grammar, with its precedence (OR, AND, equality, comparison,
/// unary, primary; so <c>NOT a = 1</c> is <c>(NOT a) = 1</c> as in Java) and the checks Java makes while building the
/// tree (only numbers with &lt; and &gt;, no NULL with =, IN needs a property, BETWEEN bounds in order, the whole
/// expression must be boolean). Unlike Java, text after a complete expression is an error, not silently ignored.
/// </summary>
internal sealed class SqlParser
{
    private readonly string _source;
    private readonly List<SqlToken> _tokens;
    private int _index;

    private SqlParser(string source)
    {
        _source = source;
        _tokens = SqlTokenizer.Tokenize(source);
    }

    private SqlToken Current => _tokens[_index];

    /// <exception cref="SqlParseException">The expression is not valid; the message says where and why.</exception>
    public static SqlNode Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parser = new SqlParser(expression);
        if (parser.Current.Kind == SqlTokenKind.End)
        {
            throw new SqlParseException("the expression is empty", 0);
        }
        var root = parser.OrExpression();
        if (parser.Current.Kind != SqlTokenKind.End)
        {
            throw new SqlParseException($"unexpected {parser.Describe(parser.Current)} after a complete expression", parser.Current.Start);
        }
        return parser.AsBoolean(root);
    }

    private SqlNode OrExpression()
    {
        var left = AndExpression();
        while (Accept(SqlTokenKind.Or))
        {
            left = new OrNode(AsBoolean(left), AsBoolean(AndExpression()));
        }
        return left;
    }

    private SqlNode AndExpression()
    {
        var left = EqualityExpression();
        while (Accept(SqlTokenKind.And))
        {
            left = new AndNode(AsBoolean(left), AsBoolean(EqualityExpression()));
        }
        return left;
    }

    private SqlNode EqualityExpression()
    {
        var left = ComparisonExpression();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case SqlTokenKind.Equal:
                    _index++;
                    left = Equal(left, ComparisonExpression(), token);
                    break;
                case SqlTokenKind.NotEqual:
                    _index++;
                    var right = ComparisonExpression();
                    left = new NotNode(left.Start, right.End, Equal(left, right, token));
                    break;
                case SqlTokenKind.Is:
                    _index++;
                    var negated = Accept(SqlTokenKind.Not);
                    var nullToken = Expect(SqlTokenKind.Null, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
                    var isNull = new EqualNode(left, LiteralNode.Null(nullToken.Start, End(nullToken)), End(nullToken));
                    left = negated ? new NotNode(left.Start, End(nullToken), isNull) : isNull;
                    break;
                default:
                    return left;
            }
        }
    }

    private SqlNode ComparisonExpression()
    {
        var left = UnaryExpression();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case SqlTokenKind.Greater:
                    _index++;
                    left = Relational(RelationalOperator.Greater, left, UnaryExpression(), token);
                    break;
                case SqlTokenKind.GreaterOrEqual:
                    _index++;
                    left = Relational(RelationalOperator.GreaterOrEqual, left, UnaryExpression(), token);
                    break;
                case SqlTokenKind.Less:
                    _index++;
                    left = Relational(RelationalOperator.Less, left, UnaryExpression(), token);
                    break;
                case SqlTokenKind.LessOrEqual:
                    _index++;
                    left = Relational(RelationalOperator.LessOrEqual, left, UnaryExpression(), token);
                    break;
                case SqlTokenKind.Between:
                    _index++;
                    left = Between(left, token, negated: false);
                    break;
                case SqlTokenKind.In:
                    _index++;
                    left = In(left, token, negated: false);
                    break;
                // NOT here only continues the comparison when BETWEEN or IN follows (Java's LOOKAHEAD(2)).
                case SqlTokenKind.Not when Peek(1).Kind == SqlTokenKind.Between:
                    _index += 2;
                    left = Between(left, token, negated: true);
                    break;
                case SqlTokenKind.Not when Peek(1).Kind == SqlTokenKind.In:
                    _index += 2;
                    left = In(left, token, negated: true);
                    break;
                default:
                    return left;
            }
        }
    }

    private SqlNode UnaryExpression()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.Plus:
                _index++;
                return UnaryExpression();
            case SqlTokenKind.Minus:
                _index++;
                var negated = UnaryExpression();
                return new NegateNode(token.Start, negated.End, negated);
            case SqlTokenKind.Not:
                _index++;
                var operand = UnaryExpression();
                return new NotNode(token.Start, operand.End, AsBoolean(operand));
            default:
                return PrimaryExpression();
        }
    }

    private SqlNode PrimaryExpression()
    {
        var token = Current;
        _index++;
        switch (token.Kind)
        {
            case SqlTokenKind.Identifier:
                return new PropertyNode(token.Start, End(token), token.Text!);
            case SqlTokenKind.StringLiteral:
                return LiteralNode.String(token.Start, End(token), token.Text!);
            case SqlTokenKind.DecimalLiteral:
                if (!long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
                {
                    throw new SqlParseException($"the number {token.Text} is outside the Long range", token.Start);
                }
                return LiteralNode.Decimal(token.Start, End(token), integer);
            case SqlTokenKind.FloatLiteral:
                var real = double.Parse(token.Text!, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (double.IsInfinity(real))
                {
                    throw new SqlParseException($"the number {token.Text} is greater than the largest Double", token.Start);
                }
                return LiteralNode.Double(token.Start, End(token), real);
            case SqlTokenKind.True:
                return LiteralNode.Boolean(token.Start, End(token), true);
            case SqlTokenKind.False:
                return LiteralNode.Boolean(token.Start, End(token), false);
            case SqlTokenKind.Null:
                return LiteralNode.Null(token.Start, End(token));
            case SqlTokenKind.OpenParen:
                var inner = OrExpression();
                Expect(SqlTokenKind.CloseParen, "')' to close the '(' at column " + (token.Start + 1).ToString(CultureInfo.InvariantCulture));
                return inner;
            default:
                _index--;
                throw new SqlParseException($"expected a property name, a literal or '(' but found {Describe(token)}", token.Start);
        }
    }

    private EqualNode Equal(SqlNode left, SqlNode right, SqlToken op)
    {
        CheckEqualOperand(left);
        CheckEqualOperand(right);
        if (left.IsConstant && right.IsConstant && left.IsBoolean && !right.IsBoolean)
        {
            throw new SqlParseException($"{Text(left)} cannot be compared with {Text(right)}", op.Start);
        }
        return new EqualNode(left, right, right.End);
    }

    private RelationalNode Relational(RelationalOperator op, SqlNode left, SqlNode right, SqlToken token)
    {
        CheckOrderable(left, token);
        CheckOrderable(right, token);
        return new RelationalNode(op, left, right);
    }

    private SqlNode Between(SqlNode value, SqlToken token, bool negated)
    {
        var low = UnaryExpression();
        Expect(SqlTokenKind.And, "AND between the bounds of BETWEEN");
        var high = UnaryExpression();
        if (negated)
        {
            // NOT BETWEEN a AND b is value < a OR value > b (no bound check, as in Java).
            return new OrNode(Relational(RelationalOperator.Less, value, low, token), Relational(RelationalOperator.Greater, value, high, token));
        }
        if (low is LiteralNode lowLiteral && high is LiteralNode highLiteral)
        {
            if (lowLiteral.IsNullConstant || highLiteral.IsNullConstant)
            {
                throw new SqlParseException("the bounds of BETWEEN cannot be NULL", token.Start);
            }
            var lowValue = low.Evaluate(default);
            var highValue = high.Evaluate(default);
            if (!SqlComparison.TryCompare(highValue, lowValue, out var sign))
            {
                throw new SqlParseException($"the bounds {Text(low)} and {Text(high)} of BETWEEN cannot be compared", token.Start);
            }
            if (sign < 0)
            {
                throw new SqlParseException($"the lower bound {Text(low)} of BETWEEN is greater than the upper bound {Text(high)}", low.Start);
            }
        }
        return new AndNode(Relational(RelationalOperator.GreaterOrEqual, value, low, token), Relational(RelationalOperator.LessOrEqual, value, high, token));
    }

    private InNode In(SqlNode left, SqlToken token, bool negated)
    {
        if (left is not PropertyNode property)
        {
            throw new SqlParseException($"IN needs a property on its left, not {Text(left)}", token.Start);
        }
        Expect(SqlTokenKind.OpenParen, "'(' after IN");
        var values = new List<string>();
        do
        {
            values.Add(Expect(SqlTokenKind.StringLiteral, "a string literal in the IN list (IN only compares strings)").Text!);
        }
        while (Accept(SqlTokenKind.Comma));
        var close = Expect(SqlTokenKind.CloseParen, "',' or ')' in the IN list");
        return new InNode(property, values, negated, End(close));
    }

    /// <summary>Java's asBooleanExpression: a property is cast, anything else that is not boolean is refused.</summary>
    private SqlNode AsBoolean(SqlNode node)
    {
        if (node.IsBoolean)
        {
            return node;
        }
        if (node is PropertyNode)
        {
            return new BooleanCastNode(node);
        }
        throw new SqlParseException($"{Text(node)} is not a condition: compare it with something (for example {Text(node)} = ...)", node.Start);
    }

    // Java's checkEqualOperand: the NULL literal cannot be compared with = or <> (use IS NULL).
    private void CheckEqualOperand(SqlNode node)
    {
        if (node is LiteralNode { IsNullConstant: true })
        {
            throw new SqlParseException("NULL cannot be compared with = or <>: use IS NULL or IS NOT NULL", node.Start);
        }
    }

    // Java's checkLessThanOperand: constants must be numbers, and a condition cannot be ordered.
    private void CheckOrderable(SqlNode node, SqlToken op)
    {
        if (node is LiteralNode literal)
        {
            if (!literal.IsNumber)
            {
                throw new SqlParseException($"{Text(node)} cannot be compared with {SourceOf(op)}: only numbers can", node.Start);
            }
            return;
        }
        if (node.IsBoolean)
        {
            throw new SqlParseException($"the condition {Text(node)} cannot be compared with {SourceOf(op)}", node.Start);
        }
    }

    private bool Accept(SqlTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }
        _index++;
        return true;
    }

    private SqlToken Expect(SqlTokenKind kind, string what)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw new SqlParseException($"expected {what} but found {Describe(token)}", token.Start);
        }
        _index++;
        return token;
    }

    private SqlToken Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private static int End(SqlToken token) => token.Start + token.Length;

    private string SourceOf(SqlToken token) => _source.Substring(token.Start, token.Length);

    private string Text(SqlNode node) => "'" + _source[node.Start..node.End] + "'";

    private string Describe(SqlToken token) =>
        token.Kind == SqlTokenKind.End ? "the end of the expression" : "'" + SourceOf(token) + "'";
}
