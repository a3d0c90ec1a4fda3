namespace EventBroker.Cli.Infrastructure;

/// <summary>
/// A text table in mqadmin's style: a header row of <c>#Name</c> columns, left-aligned cells, two spaces between
/// columns. Widths fit the content instead of mqadmin's fixed widths, so long group names do not break alignment.
/// </summary>
internal sealed class Table
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public Table(params string[] headers)
    {
        _headers = headers;
    }

    public int RowCount => _rows.Count;

    public Table Add(params object?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"the row has {cells.Length} cells for {_headers.Length} columns");
        }
        _rows.Add(Array.ConvertAll(cells, Format));
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }
        WriteRow(writer, _headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            var last = c == cells.Length - 1;
            writer.Write(last ? cells[c] : cells[c].PadRight(widths[c] + 2));
        }
        writer.WriteLine();
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
