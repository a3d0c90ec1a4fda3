using EventBroker.Protocol.Json;

namespace EventBroker.Protocol.Bodies;

public sealed partial class KVTable : IFastJsonBody<KVTable>
{
    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static KVTable FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<KVTable>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("table");
        writer.WriteMap(Table, static (w, value) => w.WriteString(value), JavaMapShape.HashMap);
        writer.WriteEndObject();
    }

    public static KVTable FromNode(FastJsonNode node)
    {
        var table = new KVTable();
        if (node.TryGetProperty("table", out var entries))
        {
            // Values may arrive as JSON numbers from non-Java writers; the table holds their text.
            table.Table = entries.ToDictionary(static k => k.GetStringOrEmpty(), static v => v.GetStringOrEmpty(), StringComparer.Ordinal);
        }
        return table;
    }
}
