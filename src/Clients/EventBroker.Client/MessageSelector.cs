namespace EventBroker.Client;

/// <summary>Which messages of a topic a consumer wants: a tag expression or an SQL92 condition.</summary>
public sealed record MessageSelector
{
    public static MessageSelector All { get; } = new();

    /// <summary><c>*</c> (everything), <c>TagA</c>, or <c>TagA || TagB</c>; or an SQL92 condition.</summary>
    public string Expression { get; init; } = "*";

    public ExpressionType Type { get; init; } = ExpressionType.Tag;

    public static MessageSelector Tags(string expression) => new() { Expression = expression, Type = ExpressionType.Tag };

    /// <summary>For example <c>a BETWEEN 0 AND 3 AND region = 'eu'</c>; the broker must have SQL92 filtering enabled.</summary>
    public static MessageSelector Sql92(string expression) => new() { Expression = expression, Type = ExpressionType.Sql92 };
}

/// <summary>A topic and the messages of it a push consumer wants.</summary>
public sealed record Subscription
{
    public Subscription()
    {
    }

    public Subscription(string topic, MessageSelector? selector = null)
    {
        Topic = topic;
        Selector = selector ?? MessageSelector.All;
    }

    public string Topic { get; init; } = "";

    public MessageSelector Selector { get; init; } = MessageSelector.All;
}
