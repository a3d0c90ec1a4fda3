using System.IO.Compression;
using System.Text;
using EventBroker.Protocol.Messages;

namespace EventBroker.Cli.Infrastructure;

/// <summary>A stored message as the CLI shows it; also its JSON shape (field names are part of the interface).</summary>
internal sealed record MessageView(
    string MsgId,
    string OffsetMsgId,
    string Topic,
    string? Tags,
    string? Keys,
    int QueueId,
    long QueueOffset,
    long CommitLogOffset,
    int ReconsumeTimes,
    long BornTimestamp,
    long StoreTimestamp,
    string BornHost,
    string StoreHost,
    int SysFlag,
    IReadOnlyDictionary<string, string> Properties,
    string? Body,
    string BodyBase64)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Java producers zlib-compress big bodies (sysFlag bit 1): shown inflated, as consumers see them.</summary>
    public static MessageView From(DecodedMessage message)
    {
        var body = message.Body;
        if (MessageSysFlag.IsCompressed(message.SysFlag))
        {
            body = Inflate(body);
        }
        string? text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            text = null;
        }
        return new MessageView(
            message.MsgId,
            message.OffsetMsgId,
            message.Topic,
            message.Tags,
            message.Keys,
            message.QueueId,
            message.QueueOffset,
            message.CommitLogOffset,
            message.ReconsumeTimes,
            message.BornTimestamp,
            message.StoreTimestamp,
            message.BornHost.ToString(),
            message.StoreHost.ToString(),
            message.SysFlag,
            new SortedDictionary<string, string>(message.Properties, StringComparer.Ordinal),
            text,
            Convert.ToBase64String(body));
    }

    /// <summary>queryMsgById's layout: one "Label: value" line per field, then the body.</summary>
    public void WriteDetail(CommandOutput output)
    {
        void Field(string label, object? value) => output.Line($"{label,-20} {value}");
        Field("OffsetID:", OffsetMsgId);
        Field("MsgId:", MsgId);
        Field("Topic:", Topic);
        Field("Tags:", $"[{Tags}]");
        Field("Keys:", $"[{Keys}]");
        Field("Queue ID:", QueueId);
        Field("Queue Offset:", QueueOffset);
        Field("CommitLog Offset:", CommitLogOffset);
        Field("Reconsume Times:", ReconsumeTimes);
        Field("Born Timestamp:", Timestamps.Human(BornTimestamp));
        Field("Store Timestamp:", Timestamps.Human(StoreTimestamp));
        Field("Born Host:", BornHost);
        Field("Store Host:", StoreHost);
        Field("System Flag:", SysFlag);
        Field("Properties:", "{" + string.Join(", ", Properties.Select(p => $"{p.Key}={p.Value}")) + "}");
        Field("Message Body:", Body ?? $"(not UTF-8; base64) {BodyBase64}");
    }

    private static byte[] Inflate(byte[] compressed)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            input.CopyTo(inflated);
            return inflated.ToArray();
        }
        catch (InvalidDataException)
        {
            return compressed; // flagged compressed but not zlib (LZ4/ZSTD from a 5.x producer): show the bytes as stored
        }
    }
}
