using System.Text;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// Splits an SQL92 filter into tokens as RocketMQ's SelectorParser.jj lexer does: case-insensitive keywords,
/// identifiers <c>[A-Za-z_$][A-Za-z0-9_$]*</c>, single-quoted strings with <c>''</c> as the quote escape, decimal
/// literals with an optional L suffix, floating literals (<c>5.5</c>, <c>5.</c>, <c>.5</c>, <c>5E10</c>), and
/// <c>--</c> / <c>/* */</c> comments skipped like whitespace.
/// </summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string expression)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            i = SkipBlanks(expression, i);
            if (i >= expression.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, expression.Length, 0, null));
                return tokens;
            }
            var token = Next(expression, i);
            tokens.Add(token);
            i = token.Start + token.Length;
        }
    }

    private static int SkipBlanks(string s, int i)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                i++;
            }
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                // A line comment runs to the end of the line (or of the expression).
                while (i < s.Length && s[i] is not ('\n' or '\r'))
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new SqlParseException("the comment opened with /* is never closed with */", i);
                }
                i = end + 2;
            }
            else
            {
                return i;
            }
        }
        return i;
    }

    private static SqlToken Next(string s, int start)
    {
        var c = s[start];
        switch (c)
        {
            case '\'':
                return StringLiteral(s, start);
            case '(':
                return new SqlToken(SqlTokenKind.OpenParen, start, 1, null);
            case ')':
                return new SqlToken(SqlTokenKind.CloseParen, start, 1, null);
            case ',':
                return new SqlToken(SqlTokenKind.Comma, start, 1, null);
            case '+':
                return new SqlToken(SqlTokenKind.Plus, start, 1, null);
            case '-':
                return new SqlToken(SqlTokenKind.Minus, start, 1, null);
            case '=':
                return new SqlToken(SqlTokenKind.Equal, start, 1, null);
            case '>':
                return At(s, start + 1, '=')
                    ? new SqlToken(SqlTokenKind.GreaterOrEqual, start, 2, null)
                    : new SqlToken(SqlTokenKind.Greater, start, 1, null);
            case '<':
                if (At(s, start + 1, '>'))
                {
                    return new SqlToken(SqlTokenKind.NotEqual, start, 2, null);
                }
                return At(s, start + 1, '=')
                    ? new SqlToken(SqlTokenKind.LessOrEqual, start, 2, null)
                    : new SqlToken(SqlTokenKind.Less, start, 1, null);
            case '!' when At(s, start + 1, '='):
                // Not in RocketMQ 4.9's grammar; accepted as a synonym of <> because it is the form people write.
                return new SqlToken(SqlTokenKind.NotEqual, start, 2, null);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && start + 1 < s.Length && char.IsAsciiDigit(s[start + 1])))
        {
            return Number(s, start);
        }
        if (char.IsAsciiLetter(c) || c is '_' or '$')
        {
            var end = start + 1;
            while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '_' or '$'))
            {
                end++;
            }
            var word = s[start..end];
            return new SqlToken(Keyword(word), start, end - start, word);
        }
        throw new SqlParseException($"unexpected character '{c}'", start);
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static SqlTokenKind Keyword(string word) => word.ToUpperInvariant() switch
    {
        "NOT" => SqlTokenKind.Not,
        "AND" => SqlTokenKind.And,
        "OR" => SqlTokenKind.Or,
        "BETWEEN" => SqlTokenKind.Between,
        "IN" => SqlTokenKind.In,
        "TRUE" => SqlTokenKind.True,
        "FALSE" => SqlTokenKind.False,
        "NULL" => SqlTokenKind.Null,
        "IS" => SqlTokenKind.Is,
        _ => SqlTokenKind.Identifier,
    };

    private static SqlToken StringLiteral(string s, int start)
    {
        var text = new StringBuilder();
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == '\'')
            {
                if (At(s, i + 1, '\''))
                {
                    text.Append('\'');
                    i += 2;
                    continue;
                }
                return new SqlToken(SqlTokenKind.StringLiteral, start, i + 1 - start, text.ToString());
            }
            text.Append(s[i]);
            i++;
        }
        throw new SqlParseException("the string literal is never closed with a single quote", start);
    }

    private static SqlToken Number(string s, int start)
    {
        var i = start;
        var digitsBefore = SkipDigits(s, ref i);
        var isFloat = false;
        if (At(s, i, '.'))
        {
            isFloat = true;
            i++;
            SkipDigits(s, ref i);
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < s.Length && s[exponent] is '+' or '-')
            {
                exponent++;
            }
            if (SkipDigits(s, ref exponent) == 0)
            {
                throw new SqlParseException($"the exponent of '{s[start..exponent]}' has no digits", start);
            }
            isFloat = true;
            i = exponent;
        }
        if (isFloat)
        {
            return new SqlToken(SqlTokenKind.FloatLiteral, start, i - start, s[start..i]);
        }
        if (digitsBefore > 1 && s[start] == '0')
        {
            throw new SqlParseException($"the number '{s[start..i]}' has a leading zero: write it without (octal is not supported)", start);
        }
        var text = s[start..i];
        if (i < s.Length && s[i] is 'l' or 'L')
        {
            i++;
        }
        return new SqlToken(SqlTokenKind.DecimalLiteral, start, i - start, text);
    }

    private static int SkipDigits(string s, ref int i)
    {
        var from = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i - from;
    }
}
