using System.Text.Json.Nodes;

namespace EventBroker.Storage.EventStore;

/// <summary>
/// Retention through stream metadata. Truncation raises <c>$tb</c> (truncate-before): the server hides the revisions
/// below it at once and a scavenge reclaims the space later. Max age does two things per stream: it truncates below the
/// first event younger than the age (by the store's own timestamps, so the effect is immediate and exact), and sets
/// <c>$maxAge</c> so the server keeps hiding events that age out between runs (by its own write time).
/// </summary>
internal sealed class StreamRetention(StreamQueries queries, StreamMetadataWriter metadata, StreamCatalog catalog, TimeProvider time)
{
    public async Task TruncateBeforeAsync(string stream, long revision, CancellationToken ct)
    {
        // A missing or deleted stream has nothing to truncate; writing its metadata would even undelete it.
        if (await queries.ProbeAsync(stream, fromLeader: true, ct).ConfigureAwait(false) is not { } probe)
        {
            return;
        }
        // Never past the end: $tb above the next revision would hide the next appends too.
        var target = Math.Min(revision, probe.Bounds.NextRevision);
        if (target <= probe.Bounds.FirstRevision)
        {
            return;
        }
        await metadata.UpdateAsync(stream, json => RaiseTruncateBefore(json, target), ct).ConfigureAwait(false);
    }

    public async Task ApplyMaxAgeAsync(string streamPrefix, TimeSpan maxAge, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (maxAge.TotalMilliseconds >= now)
        {
            return;
        }
        var cutoff = now - (long)maxAge.TotalMilliseconds;
        var seconds = (long)Math.Max(1, Math.Ceiling(maxAge.TotalSeconds));
        foreach (var stream in await catalog.ListAsync(streamPrefix, ct).ConfigureAwait(false))
        {
            if (await queries.ProbeAsync(stream, fromLeader: true, ct).ConfigureAwait(false) is not { } probe)
            {
                continue;
            }
            var keepFrom = Math.Min(await queries.FindRevisionByTimeAsync(stream, cutoff, ct).ConfigureAwait(false), probe.Bounds.NextRevision);
            await metadata.UpdateAsync(stream, json =>
            {
                var changed = keepFrom > probe.Bounds.FirstRevision && RaiseTruncateBefore(json, keepFrom);
                if (StreamMetadataWriter.ReadLong(json, StreamMetadataWriter.MaxAge) != seconds)
                {
                    json[StreamMetadataWriter.MaxAge] = seconds;
                    changed = true;
                }
                return changed;
            }, ct).ConfigureAwait(false);
        }
    }

    private static bool RaiseTruncateBefore(JsonObject json, long target)
    {
        if (StreamMetadataWriter.ReadLong(json, StreamMetadataWriter.TruncateBefore) >= target)
        {
            return false;
        }
        json[StreamMetadataWriter.TruncateBefore] = target;
        return true;
    }
}
