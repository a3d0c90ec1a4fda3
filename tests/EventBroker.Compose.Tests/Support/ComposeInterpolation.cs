using System.Text;

namespace EventBroker.Compose.Tests.Support;

/// <summary>One <c>${NAME…}</c> or <c>$NAME</c> found in the compose file.</summary>
public sealed record VariableUse(string Name, string? Default, string Text);

/// <summary>
/// Compose's variable interpolation, the subset a checked file may use: <c>$$</c>, <c>$NAME</c>, <c>${NAME}</c>,
/// <c>${NAME:-default}</c> and <c>${NAME-default}</c>. Anything else (<c>:?</c>, <c>:+</c>, nested defaults) is refused
/// rather than guessed, so a check never runs on a value compose would compute differently.
/// </summary>
public static class ComposeInterpolation
{
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> environment, List<VariableUse>? uses = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                result.Append(c);
                i++;
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new FormatException($"unterminated '${{' in '{text}'");
                }
                var body = text[(i + 2)..close];
                var (name, fallback, emptyCountsAsUnset) = SplitBraced(body, text);
                uses?.Add(new VariableUse(name, fallback, text[i..(close + 1)]));
                var found = environment.TryGetValue(name, out var value);
                var useFallback = !found || (emptyCountsAsUnset && string.IsNullOrEmpty(value));
                result.Append(useFallback ? fallback ?? "" : value);
                i = close + 1;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }
            if (end == i + 1)
            {
                throw new FormatException($"a lone '$' in '{text}' (write '$$' for a literal dollar)");
            }
            var plain = text[(i + 1)..end];
            uses?.Add(new VariableUse(plain, null, text[i..end]));
            result.Append(environment.TryGetValue(plain, out var plainValue) ? plainValue : "");
            i = end;
        }
        return result.ToString();
    }

    private static (string Name, string? Fallback, bool EmptyCountsAsUnset) SplitBraced(string body, string text)
    {
        if (body.Contains('$', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"nested interpolation in '{text}' is not supported by these checks");
        }
        var nameEnd = 0;
        while (nameEnd < body.Length && (char.IsAsciiLetterOrDigit(body[nameEnd]) || body[nameEnd] == '_'))
        {
            nameEnd++;
        }
        var name = body[..nameEnd];
        if (name.Length == 0)
        {
            throw new FormatException($"no variable name in '{text}'");
        }
        var rest = body[nameEnd..];
        if (rest.Length == 0)
        {
            return (name, null, false);
        }
        if (rest.StartsWith(":-", StringComparison.Ordinal))
        {
            return (name, rest[2..], true);
        }
        if (rest.StartsWith('-'))
        {
            return (name, rest[1..], false);
        }
        throw new NotSupportedException($"'{text}': only ${{NAME}}, ${{NAME:-default}} and ${{NAME-default}} are supported by these checks");
    }
}
