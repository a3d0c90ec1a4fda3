using EventBroker.Storage.EventStore.Protos.Streams;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>What a stream or $all read returned, in order, with the markers the server adds around the events.</summary>
internal sealed class ReadResult
{
    public List<ReadResp.Types.ReadEvent.Types.RecordedEvent> Events { get; } = [];

    /// <summary>The stream does not exist, or was soft-deleted (a message with status 0, not an error).</summary>
    public bool StreamNotFound { get; set; }

    /// <summary>With compatibility 1, when nothing was at the start revision: where events would come from.</summary>
    public ulong? FirstStreamPosition { get; set; }

    /// <summary>With compatibility 1: the stream's last revision (hidden events included).</summary>
    public ulong? LastStreamPosition { get; set; }

    /// <summary>The read was stopped early by the caller (the call was cancelled, so no end marker arrived).</summary>
    public bool StoppedEarly { get; set; }
}
