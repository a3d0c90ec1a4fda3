using System.Text;
using System.Text.RegularExpressions;

namespace EventBroker.Compose.Tests.Support;

/// <summary>
/// .dockerignore matching as BuildKit does it (moby/patternmatcher): patterns are relative to the context root and
/// cleaned of leading and trailing '/'; <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans any
/// number of segments; a path is excluded when it or one of its parent directories matches; the last matching
/// pattern wins, and <c>!pattern</c> re-includes.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude, string Text)> _rules;

    private DockerIgnore(List<(Regex, bool, string)> rules) => _rules = rules;

    public IReadOnlyList<string> Patterns => _rules.Select(r => (r.Exclude ? "" : "!") + r.Text).ToList();

    public static DockerIgnore Load(string path) => Parse(File.ReadAllLines(path));

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool, string)>();
        foreach (var line in lines)
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var exclude = !text.StartsWith('!');
            var pattern = (exclude ? text : text[1..].Trim()).Trim('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }
            rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude, pattern));
        }
        return new DockerIgnore(rules);
    }

    /// <summary>
    /// A .gitignore read with the same matcher, for the checks that need "what git keeps": a pattern without an inner
    /// '/' matches at any depth there (<c>bin/</c> is any bin directory), a leading '/' anchors it to the root.
    /// </summary>
    public static DockerIgnore ParseGitIgnore(IEnumerable<string> lines) =>
        Parse(lines.Select(line =>
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                return text;
            }
            var negated = text.StartsWith('!');
            var pattern = negated ? text[1..] : text;
            var anchored = pattern.StartsWith('/') || pattern.TrimEnd('/').Contains('/', StringComparison.Ordinal);
            return (negated ? "!" : "") + (anchored ? pattern : "**/" + pattern);
        }));

    /// <summary>Whether a context-relative path ('/'-separated) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        var excluded = false;
        foreach (var (pattern, exclude, _) in _rules)
        {
            // The path itself or any parent directory: excluding a directory excludes everything under it.
            for (var length = 1; length <= segments.Length; length++)
            {
                if (pattern.IsMatch(string.Join('/', segments.Take(length))))
                {
                    excluded = exclude;
                    break;
                }
            }
        }
        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                // "**/" matches zero or more whole segments; a trailing or inner "**" matches anything.
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?");
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        return regex.ToString();
    }
}
