using System.Buffers;

namespace EventBroker.Protocol.Json;

/// <summary>Entry points that turn bodies into bytes and back.</summary>
public static class FastJson
{
    public static byte[] Serialize<T>(T body, bool standardJson = false)
        where T : IFastJsonBody<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(body, buffer, standardJson);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes straight into a pooled or pipe buffer, for callers that frame the body themselves.</summary>
    public static void Serialize<T>(T body, IBufferWriter<byte> output, bool standardJson = false)
        where T : IFastJsonBody<T>
    {
        ArgumentNullException.ThrowIfNull(body);
        body.WriteJson(new FastJsonWriter(output, FastJsonOptions.For(standardJson)));
    }

    /// <exception cref="FormatException">The bytes are not JSON, or a value does not convert.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8)
        where T : IFastJsonBody<T> => T.FromNode(FastJsonReader.Parse(utf8));
}
