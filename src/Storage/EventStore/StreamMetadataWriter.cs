using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventBroker.Storage.EventStore.Client;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// Read-modify-write of a stream's metadata: the newest <c>$metadata</c> event of <c>$$stream</c>. Keys the store does
/// not set are kept. The write expects the metastream's revision it read, so two writers cannot lose each other's
/// change; a conflict re-reads and tries again.
/// </summary>
internal sealed class StreamMetadataWriter(IEventStoreClient client)
{
    private const int Attempts = 5;
    public const string TruncateBefore = "$tb";
    public const string MaxAge = "$maxAge";

    /// <summary>Applies <paramref name="change"/>, which returns false when the metadata already says what it wants.</summary>
    public async Task UpdateAsync(string stream, Func<JsonObject, bool> change, CancellationToken ct)
    {
        var metastream = "$$" + stream;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await client.ReadAsync(StreamsRequests.ReadStream(metastream, null, backwards: true, 1), long.MaxValue, fromLeader: true, ct)
                .ConfigureAwait(false);
            JsonObject metadata;
            ExpectedRevision expected;
            if (current.Events is [var e])
            {
                metadata = Parse(e.Data.Span);
                expected = ExpectedRevision.Exact(e.StreamRevision);
            }
            else
            {
                metadata = [];
                expected = current.LastStreamPosition is { } last ? ExpectedRevision.Exact(last) : ExpectedRevision.NoStream;
            }
            if (!change(metadata))
            {
                return;
            }
            var data = Encoding.UTF8.GetBytes(metadata.ToJsonString());
            var outcome = await client.AppendAsync(metastream, expected, [new ProposedEvent(Guid.NewGuid(), "$metadata", "application/json", default, data)], ct)
                .ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                return;
            }
        }
        throw new StreamStoreException($"the metadata of stream '{stream}' changed under each of {Attempts} attempts to update it; try again");
    }

    public static long? ReadLong(JsonObject metadata, string key)
        => metadata[key] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static JsonObject Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // The server treats unreadable metadata as empty; so does this.
            return [];
        }
    }
}
