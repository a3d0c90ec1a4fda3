using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos.Streams;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>Request matchers and answers for scripting <see cref="RecordedEventStoreServer"/> where several calls share a method.</summary>
internal static class Requests
{
    public static Func<IReadOnlyList<byte[]>, bool> AppendTo(string stream)
        => messages => messages.Count > 0 && AppendReq.Parser.ParseFrom(messages[0]).Options?.StreamIdentifier.StreamName.ToStringUtf8() == stream;

    public static Func<IReadOnlyList<byte[]>, bool> ReadOf(string stream, ulong? from = null)
        => messages => Read(messages) is { Stream: { } s } options
            && s.StreamIdentifier.StreamName.ToStringUtf8() == stream
            && (from is null ? s.RevisionOptionCase != ReadReq.Types.Options.Types.StreamOptions.RevisionOptionOneofCase.Revision : s.Revision == from)
            && options.CountOptionCase == ReadReq.Types.Options.CountOptionOneofCase.Count;

    public static Func<IReadOnlyList<byte[]>, bool> LogEnd
        => messages => Read(messages) is { All: not null, ReadDirection: ReadReq.Types.Options.Types.ReadDirection.Backwards };

    public static Func<IReadOnlyList<byte[]>, bool> Subscription
        => messages => Read(messages) is { CountOptionCase: ReadReq.Types.Options.CountOptionOneofCase.Subscription };

    public static ReadReq.Types.Options? Read(IReadOnlyList<byte[]> messages) => messages.Count == 1 ? ReadReq.Parser.ParseFrom(messages[0]).Options : null;

    public static AppendResp Success(ulong revision, ulong position) => new()
    {
        Success = new AppendResp.Types.Success { CurrentRevision = revision, Position = new AppendResp.Types.Position { CommitPosition = position, PreparePosition = position } },
    };

    public static AppendResp WrongExpectedVersion(ulong current) => new()
    {
        WrongExpectedVersion = new AppendResp.Types.WrongExpectedVersion { CurrentRevision = current, CurrentRevision2060 = current },
    };

    public static RecordedExchange EmptyLog() => new() { Method = EventStoreMethods.Read, Accepts = LogEnd };

    public static RecordedExchange CatalogAccepts(string catalog = "eventbroker-stream-catalog")
        => RecordedExchange.Answer(EventStoreMethods.Append, Success(0, 1)) with { Accepts = AppendTo(catalog) };
}
