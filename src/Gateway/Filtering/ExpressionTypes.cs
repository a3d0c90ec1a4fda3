namespace EventBroker.Gateway.Filtering;

/// <summary>RocketMQ's ExpressionType: TAG (also null or empty, as C++ 3.0 sends) and SQL92.</summary>
public static class ExpressionTypes
{
    public const string Tag = "TAG";
    public const string Sql92 = "SQL92";

    public static bool IsTag(string? expressionType) =>
        string.IsNullOrEmpty(expressionType) || string.Equals(expressionType, Tag, StringComparison.OrdinalIgnoreCase);

    public static bool IsSql92(string? expressionType) =>
        string.Equals(expressionType, Sql92, StringComparison.OrdinalIgnoreCase);

    /// <summary>RocketMQ's answer (code 1) when the broker does not filter by this type.</summary>
    public static string NotSupported(string? expressionType) =>
        $"The broker does not support consumer to filter message by {expressionType}";
}
