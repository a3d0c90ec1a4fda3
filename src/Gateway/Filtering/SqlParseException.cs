namespace EventBroker.Gateway.Filtering;

/// <summary>
/// An SQL92 expression that RocketMQ's SelectorParser would not accept (or that can never evaluate, as it rejects
/// at parse time). <see cref="Column"/> is 1-based, so a client can point at the offending character.
/// </summary>
public sealed class SqlParseException : Exception
{
    public SqlParseException(string reason, int position)
        : base($"{reason} (at column {position + 1})")
    {
        Reason = reason;
        Column = position + 1;
    }

    public SqlParseException()
        : this("invalid SQL92 expression", 0)
    {
    }

    public SqlParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Column = 1;
    }

    public SqlParseException(string message)
        : this(message, 0)
    {
    }

    public string Reason { get; } = "";

    public int Column { get; }
}
