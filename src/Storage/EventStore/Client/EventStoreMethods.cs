namespace EventBroker.Storage.EventStore.Client;

/// <summary>The method paths used (case-sensitive, EVENTSTOREDB-GRPC.md section 2).</summary>
internal static class EventStoreMethods
{
    public const string Read = "/event_store.client.streams.Streams/Read";
    public const string Append = "/event_store.client.streams.Streams/Append";
    public const string Delete = "/event_store.client.streams.Streams/Delete";
    public const string GossipRead = "/event_store.client.gossip.Gossip/Read";
}
