namespace EventBroker.Gateway.Filtering;

internal enum SqlTokenKind
{
    End,
    Identifier,
    StringLiteral,
    DecimalLiteral,
    FloatLiteral,
    Not,
    And,
    Or,
    Between,
    In,
    True,
    False,
    Null,
    Is,
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    OpenParen,
    CloseParen,
    Comma,
    Plus,
    Minus,
}

/// <summary>One token: where it starts in the expression (0-based), how long its source text is, and its decoded text.</summary>
/// <param name="Text">Identifier name, string literal content (quotes removed, '' unescaped) or number text; null otherwise.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, string? Text);
