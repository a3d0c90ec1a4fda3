using MassTransit.Scheduling;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// MassTransit's delayed (transport) scheduler with a working cancel: scheduling is MassTransit's own
/// (<see cref="DelayedScheduleMessageProvider"/>, the delay becomes a RocketMQ timer message), and
/// CancelScheduledSend / CancelScheduledPublish send RocketMQ 5's cancel (TIMER_DEL_UNIQKEY) for the messages this
/// process sent under that token (<see cref="RocketMqScheduledMessages"/>). MassTransit's own provider ignores cancels.
/// </summary>
public sealed class RocketMqScheduleMessageProvider(ISendEndpointProvider sendEndpointProvider) : IScheduleMessageProvider
{
    readonly DelayedScheduleMessageProvider _schedule = new(sendEndpointProvider);

    public Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class => _schedule.ScheduleSend(destinationAddress, scheduledTime, message, pipe, cancellationToken);

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => RocketMqScheduledMessages.CancelAsync(tokenId, cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        RocketMqScheduledMessages.CancelAsync(tokenId, cancellationToken);
}
