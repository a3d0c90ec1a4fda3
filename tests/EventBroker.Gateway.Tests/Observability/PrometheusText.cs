using System.Globalization;
using System.Text.RegularExpressions;

namespace EventBroker.Gateway.Tests.Observability;

/// <summary>A strict reader of the Prometheus text format, enough to prove the exposition parses and to look values up.</summary>
internal sealed partial class PrometheusText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(HelpLine(), line);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var m = TypeLine().Match(line);
                Assert.True(m.Success, "bad TYPE line: " + line);
                Assert.True(result._types.TryAdd(m.Groups[1].Value, m.Groups[2].Value), "TYPE repeated: " + line);
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, "bad sample line: " + line);
            var name = sample.Groups["name"].Value;
            Assert.True(result._types.Keys.Any(f => name == f || name.StartsWith(f + "_", StringComparison.Ordinal)), "sample before its TYPE: " + line);
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            Assert.True(result._samples.TryAdd(name + sample.Groups["labels"].Value, value), "duplicate series: " + line);
        }
        return result;
    }

    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The value of one series, written exactly as exposed: <c>name{a="x",b="y"}</c>.</summary>
    public double? Value(string series) => _samples.TryGetValue(series, out var v) ? v : null;

    public IEnumerable<string> Series => _samples.Keys;

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*"",?)*\})? (?<value>[-+]?(?:[0-9.eE+-]+|Inf|NaN))$")]
    private static partial Regex SampleLine();
}
