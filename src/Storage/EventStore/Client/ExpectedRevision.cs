using System.Globalization;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>The optimistic-concurrency check sent with an append or delete.</summary>
internal readonly record struct ExpectedRevision
{
    public enum Kinds
    {
        Any,
        NoStream,
        StreamExists,
        Exact,
    }

    private ExpectedRevision(Kinds kind, ulong revision) => (Kind, Revision) = (kind, revision);

    public Kinds Kind { get; }

    /// <summary>The stream's last revision, for <see cref="Kinds.Exact"/>.</summary>
    public ulong Revision { get; }

    public static ExpectedRevision Any => new(Kinds.Any, 0);

    public static ExpectedRevision NoStream => new(Kinds.NoStream, 0);

    public static ExpectedRevision StreamExists => new(Kinds.StreamExists, 0);

    public static ExpectedRevision Exact(ulong lastRevision) => new(Kinds.Exact, lastRevision);

    public override string ToString() => Kind == Kinds.Exact ? Revision.ToString(CultureInfo.InvariantCulture) : Kind.ToString();
}
