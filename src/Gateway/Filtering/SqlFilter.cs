using EventBroker.Gateway.Broker;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Filtering;

/// <summary>
/// A compiled SQL92 subscription. A message matches only when the expression is TRUE: NULL (a property the
/// expression needs is missing) and errors (a property that is not the number it is compared with) filter it out,
/// as RocketMQ's ExpressionMessageFilter does.
/// </summary>
public sealed class SqlFilter : MessageFilter
{
    private readonly SqlNode _root;

    private SqlFilter(string expression, SqlNode root)
    {
        Expression = expression;
        _root = root;
    }

    public string Expression { get; }

    public override bool MatchesAll => false;

    /// <exception cref="SqlParseException">The expression is not valid SQL92 as RocketMQ understands it.</exception>
    public static SqlFilter Compile(string expression) => new(expression, SqlParser.Parse(expression));

    /// <param name="properties">A message's properties as stored: UTF-8 <c>key \u0001 value \u0002 …</c>.</param>
    public bool MatchesProperties(ReadOnlySpan<byte> properties) => _root.Evaluate(properties).IsTrue;

    public override bool Matches(ReadOnlySpan<byte> record) =>
        MessageRecordReader.TryRead(record, out var view, out _) && MatchesProperties(view.GetProperties(record));

    public override string ToString() => Expression;
}
