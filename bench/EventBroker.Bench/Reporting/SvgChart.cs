using System.Globalization;
using System.Net;
using System.Text;

namespace EventBroker.Bench.Reporting;

/// <summary>
/// A line chart written as a standalone SVG file: axes with round-number ticks, grid lines, a legend and an
/// optional shaded x-range. Hand-written because the charts are simple and no charting package available here
/// renders without a native graphics library; SVG opens in any browser and renders on GitHub.
/// </summary>
public sealed class SvgChart
{
    private const int Width = 900;
    private const int Height = 420;
    private const int Left = 80;
    private const int Right = 24;
    private const int Top = 48;
    private const int Bottom = 64;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

    private readonly List<Series> _series = [];
    private readonly List<(double From, double To, string Label)> _bands = [];

    public required string Title { get; init; }
    public string Subtitle { get; init; } = "";
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }

    /// <summary>Turns an x value into its tick label; numbers by default.</summary>
    public Func<double, string> XTickLabel { get; init; } = Number;

    /// <summary>Fixed x ticks (for non-linear meanings such as percentiles); round numbers when absent.</summary>
    public IReadOnlyList<double>? XTicks { get; init; }

    public SvgChart Line(string name, IEnumerable<(double X, double Y)> points)
    {
        _series.Add(new Series(name, Palette[_series.Count % Palette.Length], points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList()));
        return this;
    }

    /// <summary>Shades an x-range behind the lines, e.g. the warm-up.</summary>
    public SvgChart Band(double from, double to, string label)
    {
        _bands.Add((from, to, label));
        return this;
    }

    public string Render()
    {
        var points = _series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.X), points.Max(p => p.X));
        xMin = Math.Min(xMin, _bands.Count == 0 ? xMin : _bands.Min(b => b.From));
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }
        var yTicks = NiceTicks(0, points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Y), 1e-9));
        var yMax = yTicks[^1];
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * plotWidth;
        double Y(double y) => Top + plotHeight - y / yMax * plotHeight;

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n"));
        svg.Append(F($"<text x=\"{Left}\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{Escape(Title)}</text>\n"));
        svg.Append(F($"<text x=\"{Left}\" y=\"38\" fill=\"#555\">{Escape(Subtitle)}</text>\n"));
        foreach (var (from, to, label) in _bands)
        {
            svg.Append(F($"<rect x=\"{X(from):F1}\" y=\"{Top}\" width=\"{Math.Max(0, X(to) - X(from)):F1}\" height=\"{plotHeight}\" fill=\"#eeeeee\"/>\n"));
            svg.Append(F($"<text x=\"{X(from) + 4:F1}\" y=\"{Top + 14}\" fill=\"#777\">{Escape(label)}</text>\n"));
        }
        foreach (var tick in yTicks)
        {
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):F1}\" y2=\"{Y(tick):F1}\" stroke=\"#dddddd\"/>\n"));
            svg.Append(F($"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:F1}\" text-anchor=\"end\">{Escape(Number(tick))}</text>\n"));
        }
        foreach (var tick in XTicks ?? NiceTicks(xMin, xMax).Where(t => t >= xMin && t <= xMax).ToArray())
        {
            svg.Append(F($"<line x1=\"{X(tick):F1}\" x2=\"{X(tick):F1}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight + 5}\" stroke=\"#333\"/>\n"));
            svg.Append(F($"<text x=\"{X(tick):F1}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{Escape(XTickLabel(tick))}</text>\n"));
        }
        svg.Append(F($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#333\"/>\n"));
        svg.Append(F($"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" stroke=\"#333\"/>\n"));
        svg.Append(F($"<text x=\"{Left + plotWidth / 2}\" y=\"{Height - 24}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n"));
        svg.Append(F($"<text transform=\"translate(18 {Top + plotHeight / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n"));
        foreach (var series in _series.Where(s => s.Points.Count > 0))
        {
            var path = string.Join(" ", series.Points.Select(p => F($"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(F($"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"2\" points=\"{path}\"/>\n"));
            if (series.Points.Count == 1)
            {
                var (x, y) = series.Points[0];
                svg.Append(F($"<circle cx=\"{X(x):F1}\" cy=\"{Y(y):F1}\" r=\"3\" fill=\"{series.Color}\"/>\n"));
            }
        }
        var legendX = Left + 10.0;
        foreach (var series in _series)
        {
            svg.Append(F($"<rect x=\"{legendX:F0}\" y=\"{Height - 14}\" width=\"14\" height=\"4\" fill=\"{series.Color}\"/>\n"));
            svg.Append(F($"<text x=\"{legendX + 20:F0}\" y=\"{Height - 8}\">{Escape(series.Name)}</text>\n"));
            legendX += 40 + series.Name.Length * 7;
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Round-number ticks (1, 2 or 5 times a power of ten) covering [min, max], about six of them.</summary>
    public static double[] NiceTicks(double min, double max)
    {
        var rough = (max - min) / 6;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= rough);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t < max + step * 0.999; t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }
        return [.. ticks];
    }

    private static string Number(double value) => Math.Abs(value) >= 10_000
        ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => FormattableString.Invariant(text);

    private sealed record Series(string Name, string Color, List<(double X, double Y)> Points);
}
