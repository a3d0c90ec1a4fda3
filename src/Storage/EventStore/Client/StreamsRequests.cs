using System.Text;
using EventBroker.Storage.EventStore.Protos;
using EventBroker.Storage.EventStore.Protos.Streams;
using Google.Protobuf;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// Builds the request messages. Reads ask for structured event ids and <c>compatibility = 1</c> (so stream reads
/// also report the stream's last revision), as the .NET client does (recording 17).
/// </summary>
internal static class StreamsRequests
{
    private static readonly Empty Flag = new();

    public static StreamIdentifier Stream(string name) => new() { StreamName = ByteString.CopyFrom(name, Encoding.UTF8) };

    /// <summary>The whole client stream of an Append: options first, then one message per event.</summary>
    public static IReadOnlyList<IMessage> Append(string stream, ExpectedRevision expected, IReadOnlyList<ProposedEvent> events)
    {
        var messages = new IMessage[events.Count + 1];
        messages[0] = AppendOptions(stream, expected);
        for (var i = 0; i < events.Count; i++)
        {
            messages[i + 1] = Proposed(events[i]);
        }
        return messages;
    }

    public static AppendReq AppendOptions(string stream, ExpectedRevision expected)
    {
        var options = new AppendReq.Types.Options { StreamIdentifier = Stream(stream) };
        switch (expected.Kind)
        {
            case ExpectedRevision.Kinds.Exact:
                options.Revision = expected.Revision;
                break;
            case ExpectedRevision.Kinds.NoStream:
                options.NoStream = Flag;
                break;
            case ExpectedRevision.Kinds.StreamExists:
                options.StreamExists = Flag;
                break;
            default:
                options.Any = Flag;
                break;
        }
        return new AppendReq { Options = options };
    }

    public static AppendReq Proposed(ProposedEvent e)
    {
        var message = new AppendReq.Types.ProposedMessage
        {
            Id = Uuids.ToStructured(e.Id),
            // Wrapped, not copied: the caller keeps the memory alive until the append completes.
            CustomMetadata = UnsafeByteOperations.UnsafeWrap(e.CustomMetadata),
            Data = UnsafeByteOperations.UnsafeWrap(e.Data),
        };
        // Key order as the official clients write it (sorted); the server does not care.
        message.Metadata.Add("content-type", e.ContentType);
        message.Metadata.Add("type", e.Type);
        return new AppendReq { ProposedMessage = message };
    }

    /// <summary>A stream read of at most <paramref name="count"/> events; a null start means the start (forwards) or the end (backwards).</summary>
    public static ReadReq ReadStream(string stream, ulong? fromRevision, bool backwards, ulong count)
    {
        var streamOptions = new ReadReq.Types.Options.Types.StreamOptions { StreamIdentifier = Stream(stream) };
        if (fromRevision is { } revision)
        {
            streamOptions.Revision = revision;
        }
        else if (backwards)
        {
            streamOptions.End = Flag;
        }
        else
        {
            streamOptions.Start = Flag;
        }
        var options = Read(count);
        options.Stream = streamOptions;
        options.ReadDirection = backwards ? ReadReq.Types.Options.Types.ReadDirection.Backwards : ReadReq.Types.Options.Types.ReadDirection.Forwards;
        return new ReadReq { Options = options };
    }

    /// <summary>A forward $all read from a position; the event at that position is included.</summary>
    public static ReadReq ReadAll(ulong commitPosition, ulong preparePosition, ulong count)
    {
        var options = Read(count);
        options.All = new ReadReq.Types.Options.Types.AllOptions
        {
            Position = new ReadReq.Types.Options.Types.Position { CommitPosition = commitPosition, PreparePosition = preparePosition },
        };
        return new ReadReq { Options = options };
    }

    /// <summary>The newest events of the whole log: $all read backwards from the end.</summary>
    public static ReadReq ReadAllBackwardsFromEnd(ulong count)
    {
        var options = Read(count);
        options.All = new ReadReq.Types.Options.Types.AllOptions { End = Flag };
        options.ReadDirection = ReadReq.Types.Options.Types.ReadDirection.Backwards;
        return new ReadReq { Options = options };
    }

    /// <summary>
    /// A catch-up subscription to $all filtered by stream-name prefix: from the end, or after a position (exclusive).
    /// The server sends a checkpoint every <paramref name="window"/> × <paramref name="checkpointMultiplier"/> examined events.
    /// </summary>
    public static ReadReq SubscribeToAll(IEnumerable<string> streamPrefixes, (ulong Commit, ulong Prepare)? after, uint window, uint checkpointMultiplier)
    {
        var all = new ReadReq.Types.Options.Types.AllOptions();
        if (after is { } position)
        {
            all.Position = new ReadReq.Types.Options.Types.Position { CommitPosition = position.Commit, PreparePosition = position.Prepare };
        }
        else
        {
            all.End = Flag;
        }
        var expression = new ReadReq.Types.Options.Types.FilterOptions.Types.Expression();
        expression.Prefix.AddRange(streamPrefixes);
        var options = new ReadReq.Types.Options
        {
            All = all,
            Subscription = new ReadReq.Types.Options.Types.SubscriptionOptions(),
            Filter = new ReadReq.Types.Options.Types.FilterOptions
            {
                StreamIdentifier = expression,
                Max = window,
                CheckpointIntervalMultiplier = checkpointMultiplier,
            },
            UuidOption = new ReadReq.Types.Options.Types.UUIDOption { Structured = Flag },
            ControlOption = new ReadReq.Types.Options.Types.ControlOption { Compatibility = 1 },
        };
        return new ReadReq { Options = options };
    }

    public static DeleteReq Delete(string stream, ExpectedRevision expected)
    {
        var options = new DeleteReq.Types.Options { StreamIdentifier = Stream(stream) };
        switch (expected.Kind)
        {
            case ExpectedRevision.Kinds.Exact:
                options.Revision = expected.Revision;
                break;
            case ExpectedRevision.Kinds.NoStream:
                options.NoStream = Flag;
                break;
            case ExpectedRevision.Kinds.StreamExists:
                options.StreamExists = Flag;
                break;
            default:
                options.Any = Flag;
                break;
        }
        return new DeleteReq { Options = options };
    }

    private static ReadReq.Types.Options Read(ulong count) => new()
    {
        Count = count,
        NoFilter = Flag,
        UuidOption = new ReadReq.Types.Options.Types.UUIDOption { Structured = Flag },
        ControlOption = new ReadReq.Types.Options.Types.ControlOption { Compatibility = 1 },
    };
}
