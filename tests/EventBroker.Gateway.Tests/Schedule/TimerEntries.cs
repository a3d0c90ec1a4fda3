using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Schedule;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Tests.Schedule;

/// <summary>
/// Wheel entries written straight into a slot stream, as a timer send would store them (sent 1 s before due), for
/// tests that place entries where a send could not: in closed slots, in the past, or thousands at one instant.
/// </summary>
internal static class TimerEntries
{
    public static EventToAppend Build(BrokerTopology topology, LogicalBroker broker, string realTopic, int realQueueId, string body, long due)
    {
        var (topic, queue, properties) = TimerRouting.ToWheel(realTopic, realQueueId, $"UNIQ_KEY\u0001{UniqueKey.Create()}", due, due - 1000);
        var record = StoredRecords.Build(new OutgoingRecord(topic, queue, 0, 0, due - 1000, broker.StoreHost, due - 1000, broker.StoreHost, 0,
            Encoding.UTF8.GetBytes(body), properties, topology.ClusterName));
        return new EventToAppend(record.EventId, record.Buffer.AsMemory(0, record.Length), record.StoreTimestamp);
    }
}
