using System.Text;

namespace EventBroker.Protocol.Frames;

/// <summary>
/// UTF-8 as Java's <c>String.getBytes(UTF_8)</c> writes it: an unpaired surrogate becomes '?' (one byte) where
/// .NET's default encoder writes U+FFFD (three bytes). Only strings broken by the sender differ, but a header
/// echoed back must keep the byte count the Java broker would produce.
/// </summary>
internal static class JavaUtf8
{
    public static readonly Encoding Encoding =
        Encoding.GetEncoding("utf-8", new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);
}
