using MassTransit;

namespace EventBroker.MassTransit.Tests;

public record FailMessage(Guid Id);

/// <summary>Fails its first <see cref="FailTimes"/> deliveries.</summary>
public record FlakyMessage(Guid Id, int FailTimes);

public record RedeliverMessage(Guid Id, int DelaySeconds);

public record UnhandledMessage(Guid Id);

public interface IOrderEvent
{
    Guid OrderId { get; }
}

public record OrderEvent(Guid OrderId) : IOrderEvent;

public record OrderShipped(Guid OrderId, string Carrier) : OrderEvent(OrderId);

public record PingRequest(Guid Id, bool Fail);

public record PongResponse(Guid Id);

/// <summary>Records every message of type T it gets under the name "Recorder&lt;T&gt;".</summary>
public sealed class Recorder<T>(Support.Inbox inbox) : IConsumer<T>
    where T : class
{
    public static string Name => $"Recorder<{typeof(T).Name}>";

    public Task Consume(ConsumeContext<T> context)
    {
        inbox.Add(Name, context);
        return Task.CompletedTask;
    }
}

public sealed class FailingConsumer(Support.Inbox inbox) : IConsumer<FailMessage>
{
    public Task Consume(ConsumeContext<FailMessage> context)
    {
        inbox.Add(nameof(FailingConsumer), context);
        throw new InvalidOperationException("boom");
    }
}

public sealed class FaultRecorder(Support.Inbox inbox) : IConsumer<Fault<FailMessage>>
{
    public Task Consume(ConsumeContext<Fault<FailMessage>> context)
    {
        inbox.Add(nameof(FaultRecorder), context);
        return Task.CompletedTask;
    }
}

public sealed class FlakyConsumer(Support.Inbox inbox) : IConsumer<FlakyMessage>
{
    public Task Consume(ConsumeContext<FlakyMessage> context)
    {
        inbox.Add(nameof(FlakyConsumer), context);
        var attempts = inbox.Of<FlakyMessage>(nameof(FlakyConsumer), m => m.Id == context.Message.Id).Count;
        return attempts <= context.Message.FailTimes
            ? throw new InvalidOperationException($"attempt {attempts} fails")
            : Task.CompletedTask;
    }
}

/// <summary>Asks for the message again later on its first delivery (MassTransit's Redeliver).</summary>
public sealed class RedeliveringConsumer(Support.Inbox inbox) : IConsumer<RedeliverMessage>
{
    public Task Consume(ConsumeContext<RedeliverMessage> context)
    {
        inbox.Add(nameof(RedeliveringConsumer), context);
        return context.GetRedeliveryCount() == 0
            ? context.Redeliver(TimeSpan.FromSeconds(context.Message.DelaySeconds))
            : Task.CompletedTask;
    }
}

/// <summary>Consumes an order event both as itself and as the interface: each must arrive once.</summary>
public sealed class ShippingConsumer(Support.Inbox inbox) : IConsumer<OrderShipped>, IConsumer<IOrderEvent>
{
    public Task Consume(ConsumeContext<OrderShipped> context)
    {
        inbox.Add("Shipping:OrderShipped", context);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<IOrderEvent> context)
    {
        inbox.Add("Shipping:IOrderEvent", context);
        return Task.CompletedTask;
    }
}

public sealed class Responder(Support.Inbox inbox) : IConsumer<PingRequest>
{
    public Task Consume(ConsumeContext<PingRequest> context)
    {
        inbox.Add(nameof(Responder), context);
        return context.Message.Fail
            ? throw new InvalidOperationException("the responder failed")
            : context.RespondAsync(new PongResponse(context.Message.Id));
    }
}
