using System.Globalization;
using System.Text;

namespace EventBroker.Gateway.Observability;

/// <summary>
/// Prometheus text exposition format 0.0.4: one HELP and TYPE per family, counters suffixed _total, histograms as
/// cumulative _bucket{le} series with _sum and _count, label values escaped (backslash, quote, newline).
/// </summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<InstrumentSeries> instruments)
    {
        var sb = new StringBuilder(4096);
        foreach (var instrument in instruments)
        {
            var name = FamilyName(instrument);
            var type = instrument.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            };
            sb.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Instrument.Description ?? "")).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (tags, series) in instrument.Series.OrderBy(s => LabelText(s.Key.Tags, null), StringComparer.Ordinal))
            {
                if (instrument.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(sb, name, tags, series);
                }
                else
                {
                    Sample(sb, name + (instrument.Kind == MetricKind.Counter ? "_total" : ""), tags.Tags, null, series.Value);
                }
            }
        }
        return sb.ToString();
    }

    private static void WriteHistogram(StringBuilder sb, string name, TagSet tags, MetricSeries series)
    {
        long cumulative = 0;
        for (var i = 0; i < MetricSeries.Bounds.Length; i++)
        {
            cumulative += series.BucketCount(i);
            Sample(sb, name + "_bucket", tags.Tags, Number(MetricSeries.Bounds[i]), cumulative);
        }
        cumulative += series.BucketCount(MetricSeries.Bounds.Length);
        Sample(sb, name + "_bucket", tags.Tags, "+Inf", cumulative);
        Sample(sb, name + "_sum", tags.Tags, null, series.Value);
        // The count is the +Inf bucket, so that a scrape racing a recording still sees a consistent family.
        Sample(sb, name + "_count", tags.Tags, null, cumulative);
    }

    private static void Sample(StringBuilder sb, string name, KeyValuePair<string, string>[] tags, string? le, double value)
    {
        sb.Append(name).Append(LabelText(tags, le)).Append(' ').Append(Number(value)).Append('\n');
    }

    private static string LabelText(KeyValuePair<string, string>[] tags, string? le)
    {
        if (tags.Length == 0 && le is null)
        {
            return "";
        }
        var sb = new StringBuilder("{");
        foreach (var (key, value) in tags)
        {
            AppendLabel(sb, SanitizeName(key), value);
        }
        if (le is not null)
        {
            AppendLabel(sb, "le", le);
        }
        sb.Length--;
        return sb.Append('}').ToString();
    }

    private static void AppendLabel(StringBuilder sb, string key, string value)
    {
        sb.Append(key).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }
        sb.Append("\",");
    }

    /// <summary>eventbroker.send.duration in seconds → eventbroker_send_duration_seconds.</summary>
    internal static string FamilyName(InstrumentSeries instrument)
    {
        var name = SanitizeName(instrument.Instrument.Name);
        return instrument.Instrument.Unit == "s" ? name + "_seconds" : name;
    }

    internal static string SanitizeName(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            chars[i] = ok ? c : '_';
        }
        return new string(chars);
    }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
