using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventBroker.Storage.Tests.EventStore.Recordings;

/// <summary>
/// One recorded scenario (a fixtures/eventstoredb/*.jsonl file): real exchanges between a gRPC client and an
/// EventStoreDB 23.10.8 server, one line per header block, message, half-close or reset.
/// </summary>
public sealed class Recording
{
    private Recording(string name, IReadOnlyList<RecordedLine> lines)
    {
        Name = name;
        Lines = lines;
    }

    public string Name { get; }

    public IReadOnlyList<RecordedLine> Lines { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "eventstoredb");

    public static IEnumerable<string> Names => System.IO.Directory.EnumerateFiles(Directory, "*.jsonl").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static Recording Load(string name)
    {
        var lines = File.ReadLines(Path.Combine(Directory, name + ".jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => new RecordedLine(JsonNode.Parse(l)!.AsObject()))
            .ToList();
        return new Recording(name, lines);
    }

    public IEnumerable<RecordedLine> Messages => Lines.Where(l => l.Kind is "request_message" or "response_message");

    public IEnumerable<RecordedLine> Call(int call) => Lines.Where(l => l.Call == call);

    public IEnumerable<int> Calls => Lines.Where(l => l.Call is not null).Select(l => l.Call!.Value).Distinct().Order();

    /// <summary>The one message of <paramref name="kind"/> at line <paramref name="seq"/>.</summary>
    public RecordedLine At(int seq) => Lines.Single(l => l.Seq == seq);

    public override string ToString() => Name;
}

public sealed class RecordedLine(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public int Seq => Json["seq"]!.GetValue<int>();

    public string Kind => Json["kind"]!.GetValue<string>();

    public int? Call => Json["call"]?.GetValue<int>();

    public string? Method => Json["method"]?.GetValue<string>();

    /// <summary>Which node carried the call (cluster files 21-23 only), e.g. "node2 (proxy 127.0.0.1:2124 -> …)".</summary>
    public string? Via => Json["via"]?.GetValue<string>();

    /// <summary>The recorded proxy port of the node that carried the call (cluster files), else null.</summary>
    public int? ViaPort => Via is { } via && via.IndexOf("127.0.0.1:", StringComparison.Ordinal) is var i and >= 0
        ? int.Parse(via.AsSpan(i + 10, 4), System.Globalization.CultureInfo.InvariantCulture)
        : null;

    public string? Type => Json["type"]?.GetValue<string>();

    public byte[] Bytes => Convert.FromHexString(Json["hex"]?.GetValue<string>() ?? "");

    /// <summary>The 5-byte gRPC prefix followed by the message: the exact frame on the wire.</summary>
    public byte[] Frame => Convert.FromHexString((Json["prefix_hex"]?.GetValue<string>() ?? "") + (Json["hex"]?.GetValue<string>() ?? ""));

    public JsonNode? Message => Json["json"];

    public IReadOnlyList<KeyValuePair<string, string>> Headers => Json["headers"] is JsonArray headers
        ? headers.Select(h => KeyValuePair.Create(h![0]!.GetValue<string>(), h[1]!.GetValue<string>())).ToList()
        : [];

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key == name).Value;

    public override string ToString() => $"#{Seq} {Kind} {Type ?? Method}";

    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
