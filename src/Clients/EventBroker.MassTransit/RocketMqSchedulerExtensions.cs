using MassTransit.RocketMqTransport;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MassTransit;

/// <summary>
/// The RocketMQ scheduler: AddDelayedMessageScheduler / UseDelayedMessageScheduler with cancels that work (timer
/// messages are cancelled at the broker; with delay levels a cancel throws NotSupportedException).
/// </summary>
public static class RocketMqSchedulerExtensions
{
    /// <summary>Registers an <see cref="IMessageScheduler"/> that schedules with timer messages and can cancel them (instead of AddDelayedMessageScheduler).</summary>
    public static void AddRocketMqMessageScheduler(this IBusRegistrationConfigurator configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.TryAddScoped<IMessageScheduler>(provider =>
            new MessageScheduler(new RocketMqScheduleMessageProvider(provider.GetRequiredService<ISendEndpointProvider>()), provider.GetRequiredService<IBus>().Topology));
    }

    /// <summary>Consumers' context.ScheduleSend / CancelScheduledSend through the RocketMQ scheduler (instead of UseDelayedMessageScheduler).</summary>
    public static void UseRocketMqMessageScheduler(this IBusFactoryConfigurator configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.AddPipeSpecification(new SchedulerSpecification());
    }

    sealed class SchedulerSpecification : IPipeSpecification<ConsumeContext>, IFilter<ConsumeContext>
    {
        public void Apply(IPipeBuilder<ConsumeContext> builder) => builder.AddFilter(this);

        public IEnumerable<ValidationResult> Validate() => [];

        public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
        {
            context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context,
                static c => new MessageScheduler(new RocketMqScheduleMessageProvider(c), c.GetPayload<IBusTopology>())));
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("rocketMqMessageScheduler");
    }
}
