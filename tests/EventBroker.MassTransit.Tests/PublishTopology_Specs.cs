using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using MassTransit.RocketMqTransport;

namespace EventBroker.MassTransit.Tests;

/// <summary>Polymorphic publish: a consumer of a base class or interface receives messages published as a derived type, once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PublishTopology_Specs(GatewayFixture gateway)
{
    [Fact]
    public async Task Should_deliver_a_derived_message_to_consumers_of_its_base_class_and_interface_once_each()
    {
        await using var bus = await TestBus.StartAsync(gateway.Host, x =>
        {
            x.AddConsumer<Recorder<IOrderEvent>>().Endpoint(e => e.Name = GatewayFixture.Unique("by_interface"));
            x.AddConsumer<Recorder<OrderEvent>>().Endpoint(e => e.Name = GatewayFixture.Unique("by_base"));
            x.AddConsumer<ShippingConsumer>().Endpoint(e => e.Name = GatewayFixture.Unique("shipping"));
        });
        var shipped = Guid.NewGuid();
        var created = Guid.NewGuid();
        await bus.Bus.Publish(new OrderShipped(shipped, "ups"));
        await bus.Bus.Publish(new OrderEvent(created));

        await bus.Inbox.WaitFor<IOrderEvent>(Recorder<IOrderEvent>.Name, m => m.OrderId == shipped);
        await bus.Inbox.WaitFor<OrderEvent>(Recorder<OrderEvent>.Name, m => m.OrderId == shipped);
        await bus.Inbox.WaitFor<OrderShipped>("Shipping:OrderShipped", m => m.OrderId == shipped);
        await bus.Inbox.WaitFor<IOrderEvent>("Shipping:IOrderEvent", m => m.OrderId == shipped);
        await bus.Inbox.WaitFor<IOrderEvent>(Recorder<IOrderEvent>.Name, m => m.OrderId == created);
        await bus.Inbox.WaitFor<OrderEvent>(Recorder<OrderEvent>.Name, m => m.OrderId == created);
        await bus.Inbox.WaitFor<IOrderEvent>("Shipping:IOrderEvent", m => m.OrderId == created);

        // The copies on the other topics of the hierarchy were written together: give a duplicate time to show up.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(bus.Inbox.Of<IOrderEvent>(Recorder<IOrderEvent>.Name, m => m.OrderId == shipped));
        Assert.Single(bus.Inbox.Of<OrderEvent>(Recorder<OrderEvent>.Name, m => m.OrderId == shipped));
        Assert.Single(bus.Inbox.Of<OrderShipped>("Shipping:OrderShipped", m => m.OrderId == shipped));
        Assert.Single(bus.Inbox.Of<IOrderEvent>("Shipping:IOrderEvent", m => m.OrderId == shipped));
        Assert.Single(bus.Inbox.Of<IOrderEvent>("Shipping:IOrderEvent", m => m.OrderId == created));
        Assert.Empty(bus.Inbox.Of<OrderShipped>("Shipping:OrderShipped", m => m.OrderId == created));
    }

    [Fact]
    public void Should_name_topics_after_the_message_types_within_rocketmq_limits()
    {
        var topics = new[] { typeof(OrderShipped), typeof(IOrderEvent), typeof(Fault<OrderShipped>) }
            .Select(t => RocketMqNames.Sanitize(MessageUrn.ForTypeString(t)))
            .ToList();
        Assert.All(topics, t => Assert.Matches("^[%|a-zA-Z0-9_-]{1,127}$", t));
        Assert.Equal(topics.Count, topics.Distinct().Count());

        var longName = RocketMqNames.Sanitize("urn:message:" + new string('a', 300));
        Assert.Equal(127, longName.Length);
        Assert.NotEqual(longName, RocketMqNames.Sanitize("urn:message:" + new string('a', 301)));
    }
}
