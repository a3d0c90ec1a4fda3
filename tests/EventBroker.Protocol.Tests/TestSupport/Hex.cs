namespace EventBroker.Protocol.Tests.TestSupport;

public static class Hex
{
    /// <summary>Hex digits with any whitespace between them.</summary>
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
