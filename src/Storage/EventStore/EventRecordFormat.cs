using System.Globalization;
using System.Text;
using System.Text.Json;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos.Streams;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// How one store event is laid out in EventStoreDB: event type <see cref="EventType"/>, binary content
/// (<c>application/octet-stream</c>, the data untouched), and the caller's timestamp as the custom metadata
/// <c>{"timestampMs":…}</c> (EventStoreDB's own <c>created</c> is the server's clock and is only a fallback).
/// </summary>
internal static class EventRecordFormat
{
    public const string EventType = "eventbroker.event";
    public const string ContentType = "application/octet-stream";
    private static readonly byte[] TimestampProperty = "timestampMs"u8.ToArray();

    public static ProposedEvent ToProposed(in EventToAppend e)
        => new(e.EventId, EventType, ContentType, EncodeTimestamp(e.TimestampMs), e.Data);

    public static byte[] EncodeTimestamp(long timestampMs)
        => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"timestampMs\":{timestampMs}}}"));

    public static long TimestampOf(ReadResp.Types.ReadEvent.Types.RecordedEvent e)
    {
        if (TryReadTimestamp(e.CustomMetadata.Span, out var ms))
        {
            return ms;
        }
        // Written by something else: the server's "created", .NET ticks since the Unix epoch.
        return e.Metadata.TryGetValue("created", out var created) && long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks / TimeSpan.TicksPerMillisecond
            : 0;
    }

    public static bool TryReadTimestamp(ReadOnlySpan<byte> customMetadata, out long timestampMs)
    {
        timestampMs = 0;
        if (customMetadata.IsEmpty)
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(customMetadata);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals(TimestampProperty);
                reader.Read();
                if (isTimestamp)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out timestampMs);
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    /// <summary>The UTF-8 stream name of a recorded event.</summary>
    public static string StreamOf(ReadResp.Types.ReadEvent.Types.RecordedEvent e) => e.StreamIdentifier?.StreamName.ToStringUtf8() ?? "";

    /// <summary>
    /// The store-wide position of an event: its prepare position, the byte offset of its own record in the log. Every
    /// event has its own; 23.x also gives each event of a multi-event append a commit position equal to it.
    /// </summary>
    public static long PositionOf(ReadResp.Types.ReadEvent.Types.RecordedEvent e) => (long)e.PreparePosition;
}
