using System.Text;
using System.Text.Json.Nodes;

namespace EventBroker.Storage.Tests.EventStore.Simulation;

/// <summary>
/// The state behind <see cref="SimulatedEventStoreServer"/>: one in-memory transaction log with EventStoreDB 23.10's
/// rules as EVENTSTOREDB-GRPC.md and the recordings describe them (dense revisions that continue after a soft delete,
/// expected-version and idempotency checks after the server's CheckCommit, metadata in <c>$$stream</c> hiding events
/// by $tb / $maxAge / $maxCount, one position per event). An imitation for tests, not EventStoreDB.
/// </summary>
internal sealed class SimulatedLog(int maxAppendSize)
{
    public const long DeletedStream = long.MaxValue;
    private readonly object _gate = new();
    private readonly List<Record> _all = [];
    private readonly Dictionary<string, List<Record>> _streams = new(StringComparer.Ordinal);
    // EventStoreDB's committed-events cache: unbounded here.
    private readonly Dictionary<Guid, (string Stream, long Revision)> _committed = [];
    private long _nextPosition = 733;
    private TaskCompletionSource _grown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Record(long Position, string Stream, long Revision, Guid Id, string Type, string ContentType, byte[] Custom, byte[] Data, DateTime Created);

    public sealed record Proposed(Guid Id, string Type, string ContentType, byte[] Custom, byte[] Data);

    /// <summary>Expected version in the server's internal numbers: -1 no stream, -2 any, -4 stream exists, else the revision.</summary>
    public abstract record Outcome;

    public sealed record Written(long LastRevision, long Position) : Outcome;

    public sealed record WrongVersion(long Current) : Outcome;

    public sealed record Failed(string Exception, int Status, string Message, IReadOnlyList<KeyValuePair<string, string>> Metadata) : Outcome;

    /// <summary>Completes when anything is appended (then replaced).</summary>
    public Task Grown
    {
        get
        {
            lock (_gate)
            {
                return _grown.Task;
            }
        }
    }

    public Outcome Append(string stream, long expected, IReadOnlyList<Proposed> events)
    {
        var size = events.Sum(e => (long)e.Data.Length);
        if (size > maxAppendSize)
        {
            return new Failed("maximum-append-size-exceeded", 3, $"Maximum Append Size of {maxAppendSize} Exceeded.", [new("maximum-append-size", maxAppendSize.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        lock (_gate)
        {
            var current = LastRevision(stream);
            var softDeleted = TruncateBefore(stream) == DeletedStream;
            switch (Check(stream, expected, events, current, softDeleted))
            {
                case (Decision.Ok, _, _):
                    if (events.Count == 0)
                    {
                        return new Written(current, -1);
                    }
                    var written = Write(stream, events);
                    if (softDeleted && !stream.StartsWith("$$", StringComparison.Ordinal))
                    {
                        // The server's "soft undelete": the metadata keeps its keys, $tb moves to the first new revision.
                        SetMetadata(stream, json => json["$tb"] = current + 1);
                    }
                    return written;
                case (Decision.Idempotent, _, var end):
                    return new Written(end, _streams[stream][(int)end].Position);
                case (Decision.Deleted, _, _):
                    return new Failed("stream-deleted", 9, $"Event stream '{stream}' is deleted.", [new("stream-name", stream)]);
                default:
                    return new WrongVersion(current);
            }
        }
    }

    public Outcome Delete(string stream, long expected)
    {
        lock (_gate)
        {
            var current = LastRevision(stream);
            var matches = expected switch
            {
                -2 => current >= 0,
                -1 => current < 0,
                -4 => current >= 0,
                _ => expected == current,
            };
            if (!matches)
            {
                return new Failed("wrong-expected-version", 9,
                    $"Delete failed due to WrongExpectedVersion. Stream: {stream}, Expected version: {expected}, Actual version: {current}",
                    [new("stream-name", stream), new("expected-version", expected.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new("actual-version", current.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }
            return SetMetadata(stream, json => json["$tb"] = DeletedStream);
        }
    }

    /// <summary>A stream read as the server answers it; null when the stream is missing or soft-deleted.</summary>
    public StreamSlice? ReadStream(string stream, long? from, bool backwards, long count, DateTime now)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var events) || events.Count == 0 || TruncateBefore(stream) == DeletedStream)
            {
                return null;
            }
            var last = events.Count - 1L;
            var (tb, maxAge, maxCount) = Metadata(stream);
            var min = Math.Max(tb ?? 0, maxCount is { } mc ? last - mc + 1 : 0);
            bool Visible(Record r) => r.Revision >= min && (maxAge is not { } age || r.Created >= now - age);
            if (backwards)
            {
                var start = Math.Min(from ?? last, last);
                var found = events.Take((int)start + 1).AsEnumerable().Reverse().Where(Visible).Take((int)Math.Min(count, int.MaxValue)).ToList();
                return new StreamSlice(found, null, last);
            }
            var first = from ?? 0;
            var end = first + count - 1;
            if (end < min)
            {
                return new StreamSlice([], min, last);
            }
            first = Math.Max(first, min);
            var slice = first > last ? [] : events.Skip((int)first).Take((int)Math.Min(end, last) - (int)first + 1).Where(Visible).ToList();
            long? resume = slice.Count > 0 ? null : first > last ? last + 1 : Math.Min(end, last) + 1;
            return new StreamSlice(slice, resume == (from ?? 0) ? null : resume, last);
        }
    }

    /// <summary>$all forwards from a position (inclusive) or backwards from the end; null for a position inside a record.</summary>
    public IReadOnlyList<Record>? ReadAll(long? from, bool backwards, long count)
    {
        lock (_gate)
        {
            if (backwards)
            {
                return _all.AsEnumerable().Reverse().Take((int)count).ToList();
            }
            var position = from ?? 0;
            if (position > 0 && position < _nextPosition && !_all.Any(r => r.Position == position))
            {
                return null;
            }
            return _all.Where(r => r.Position >= position).Take((int)count).ToList();
        }
    }

    /// <summary>Records after <paramref name="position"/> (exclusive) whose stream starts with one of the prefixes.</summary>
    public IReadOnlyList<Record> After(long position, IReadOnlyList<string> prefixes)
    {
        lock (_gate)
        {
            return _all.Where(r => r.Position > position && prefixes.Any(p => r.Stream.StartsWith(p, StringComparison.Ordinal))).ToList();
        }
    }

    public long End
    {
        get
        {
            lock (_gate)
            {
                return _all.Count == 0 ? 0 : _all[^1].Position;
            }
        }
    }

    private enum Decision
    {
        Ok,
        Idempotent,
        WrongExpectedVersion,
        Deleted,
    }

    // The server's IndexWriter.CheckCommit, reduced to what a single node needs.
    private (Decision, long Start, long End) Check(string stream, long expected, IReadOnlyList<Proposed> events, long current, bool softDeleted)
    {
        if (expected == -4)
        {
            if (softDeleted)
            {
                return (Decision.Deleted, -1, -1);
            }
            if (current < 0)
            {
                return (Decision.WrongExpectedVersion, -1, -1);
            }
        }
        if (expected is -2 or -4)
        {
            long start = -1, end = -1;
            for (var i = 0; i < events.Count; i++)
            {
                if (!_committed.TryGetValue(events[i].Id, out var at) || at.Stream != stream)
                {
                    return (i == 0 ? Decision.Ok : Decision.WrongExpectedVersion, -1, -1);
                }
                (start, end) = (i == 0 ? at.Revision : start, at.Revision);
            }
            return events.Count == 0 ? (Decision.Ok, -1, -1) : (Decision.Idempotent, start, end);
        }
        if (expected < current)
        {
            var number = expected;
            foreach (var e in events)
            {
                number++;
                if (number <= current && _streams[stream][(int)number].Id == e.Id)
                {
                    continue;
                }
                if (number != expected + 1)
                {
                    return (Decision.WrongExpectedVersion, -1, -1);
                }
                return expected == -1 && softDeleted ? (Decision.Ok, -1, -1) : (Decision.WrongExpectedVersion, -1, -1);
            }
            return number == expected ? (Decision.WrongExpectedVersion, -1, -1) : (Decision.Idempotent, expected + 1, number);
        }
        return expected > current ? (Decision.WrongExpectedVersion, -1, -1) : (Decision.Ok, -1, -1);
    }

    private Written Write(string stream, IReadOnlyList<Proposed> events)
    {
        if (!_streams.TryGetValue(stream, out var list))
        {
            _streams[stream] = list = [];
        }
        Record? last = null;
        foreach (var e in events)
        {
            last = new Record(_nextPosition, stream, list.Count, e.Id, e.Type, e.ContentType, e.Custom, e.Data, DateTime.UtcNow);
            // Each event is its own record: header, stream name and payload move the log on.
            _nextPosition += 100 + stream.Length + e.Data.Length + e.Custom.Length;
            list.Add(last);
            _all.Add(last);
            _committed[e.Id] = (stream, last.Revision);
        }
        var grown = _grown;
        _grown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        grown.TrySetResult();
        return new Written(last!.Revision, last.Position);
    }

    private Written SetMetadata(string stream, Action<JsonObject> change)
    {
        var json = MetadataJson(stream);
        change(json);
        return Write("$$" + stream, [new Proposed(Guid.NewGuid(), "$metadata", "application/json", [], Encoding.UTF8.GetBytes(json.ToJsonString()))]);
    }

    private long LastRevision(string stream) => _streams.TryGetValue(stream, out var list) ? list.Count - 1 : -1;

    private long? TruncateBefore(string stream) => Metadata(stream).TruncateBefore;

    private (long? TruncateBefore, TimeSpan? MaxAge, long? MaxCount) Metadata(string stream)
    {
        var json = MetadataJson(stream);
        return (Long(json, "$tb"), Long(json, "$maxAge") is { } seconds ? TimeSpan.FromSeconds(seconds) : null, Long(json, "$maxCount"));
    }

    private JsonObject MetadataJson(string stream)
        => _streams.TryGetValue("$$" + stream, out var meta) && meta.Count > 0 && JsonNode.Parse(meta[^1].Data) is JsonObject json ? json : [];

    private static long? Long(JsonObject json, string key) => json[key] is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;
}

/// <summary>A stream read: the events, where events would resume when there are none, and the stream's last revision.</summary>
internal sealed record StreamSlice(IReadOnlyList<SimulatedLog.Record> Events, long? FirstStreamPosition, long LastRevision);
