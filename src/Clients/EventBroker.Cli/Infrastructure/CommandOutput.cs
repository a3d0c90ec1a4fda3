using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventBroker.Cli.Infrastructure;

/// <summary>Where a command writes: tables and lines for people, or one JSON document (<c>--json</c>) for scripts.</summary>
internal sealed class CommandOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly TextWriter _writer;

    public CommandOutput(TextWriter writer, bool json)
    {
        _writer = writer;
        Json = json;
    }

    /// <summary>True when the user asked for <c>--json</c>: write exactly one document with <see cref="WriteJson"/>.</summary>
    public bool Json { get; }

    public void WriteJson<T>(T value)
    {
        _writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    public void Write(Table table) => table.WriteTo(_writer);

    public void Line(string text = "") => _writer.WriteLine(text);
}
