using EventBroker.Client;
using MassTransit.RocketMqTransport.Configuration;

namespace MassTransit.RocketMqTransport;

/// <summary>A receive endpoint's push consumer: the endpoint's consumer group on its topics (the client adds its %RETRY% topic).</summary>
public sealed class RocketMqReceiveTransport(
    RocketMqHostConfiguration hostConfiguration,
    RocketMqReceiveEndpointConfiguration configuration,
    RocketMqReceiveEndpointContext context) : IReceiveTransport
{
    public void Probe(ProbeContext probeContext)
    {
        var scope = probeContext.CreateScope("receiveTransport");
        scope.Add("type", "RocketMQ");
        scope.Add("group", configuration.Topic);
        scope.Add("topics", string.Join(",", configuration.Topics));
    }

    public ReceiveTransportHandle Start()
    {
        var provider = hostConfiguration.TransportProvider;
        var error = new RocketMqMoveTransport(provider,
            RocketMqNames.Sanitize(context.SendTopology.ErrorQueueNameFormatter.FormatErrorQueueName(configuration.Topic)));
        context.AddOrUpdatePayload<IErrorTransport>(() => error, _ => error);
        var skipped = new RocketMqMoveTransport(provider,
            RocketMqNames.Sanitize(context.SendTopology.DeadLetterQueueNameFormatter.FormatDeadLetterQueueName(configuration.Topic)));
        context.AddOrUpdatePayload<IDeadLetterTransport>(() => skipped, _ => skipped);
        return new Agent(provider, configuration, context);
    }

    public ConnectHandle ConnectReceiveObserver(IReceiveObserver observer) => context.ConnectReceiveObserver(observer);

    public ConnectHandle ConnectReceiveTransportObserver(IReceiveTransportObserver observer) => context.ConnectReceiveTransportObserver(observer);

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => context.ConnectPublishObserver(observer);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => context.ConnectSendObserver(observer);

    sealed class Agent : ConsumerAgent<string>, ReceiveTransportHandle
    {
        readonly RocketMqReceiveEndpointContext _context;
        readonly RocketMqReceiveEndpointConfiguration _configuration;
        readonly RocketMqTransportProvider _provider;
        IPushConsumer? _consumer;

        public Agent(RocketMqTransportProvider provider, RocketMqReceiveEndpointConfiguration configuration, RocketMqReceiveEndpointContext context)
            : base(context)
        {
            _provider = provider;
            _configuration = configuration;
            _context = context;
            _ = Task.Run(Startup);
        }

        Task ReceiveTransportHandle.Stop(CancellationToken cancellationToken) => this.Stop("Stop Receive Transport", cancellationToken);

        async Task Startup()
        {
            try
            {
                await _context.DependenciesReady.WaitAsync(Stopping).ConfigureAwait(false);
                foreach (var topic in _configuration.Topics)
                {
                    await _provider.EnsureTopicAsync(topic).ConfigureAwait(false);
                }
                var client = await _provider.GetClientAsync().ConfigureAwait(false);
                var options = new PushConsumerOptions(_configuration.Topic,
                    [.. _configuration.Topics.Select(topic => new Subscription(topic))])
                {
                    ConsumeConcurrency = Math.Clamp(_context.ConcurrentMessageLimit ?? _context.PrefetchCount, 1, 1000),
                };
                _consumer = client.CreatePushConsumer(options, Handle);
                await _consumer.StartAsync(Stopping).ConfigureAwait(false);
                await _context.TransportObservers.NotifyReady(_context.InputAddress).ConfigureAwait(false);
                SetReady();
            }
            catch (Exception exception)
            {
                SetNotReady(exception);
            }
        }

        async ValueTask<ConsumeResult> Handle(ReceivedMessage message, CancellationToken cancellationToken)
        {
            if (IsStopping)
            {
                return ConsumeResult.Suspend();
            }
            LogContext.Current = _context.LogContext;
            var receiveContext = new RocketMqReceiveContext(message, _context);
            try
            {
                await Dispatch(message.MessageId, receiveContext, NoLockReceiveContext.Instance).ConfigureAwait(false);
                return ConsumeResult.Success;
            }
            catch (Exception exception)
            {
                receiveContext.LogTransportFaulted(exception);
                return ConsumeResult.Retry();
            }
            finally
            {
                receiveContext.Dispose();
            }
        }

        protected override async Task ActiveAndActualAgentsCompleted(StopContext context)
        {
            await base.ActiveAndActualAgentsCompleted(context).ConfigureAwait(false);
            if (_consumer is { } consumer)
            {
                _consumer = null;
                await consumer.DisposeAsync().ConfigureAwait(false);
            }
            await _context.TransportObservers.NotifyCompleted(_context.InputAddress, this).ConfigureAwait(false);
        }
    }
}
