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
        var error = new RocketMqErrorTransport(provider, ErrorTopic());
        context.AddOrUpdatePayload<IErrorTransport>(() => error, _ => error);
        var skipped = new RocketMqDeadLetterTransport(provider,
            RocketMqNames.Sanitize(context.SendTopology.DeadLetterQueueNameFormatter.FormatDeadLetterQueueName(configuration.Topic)));
        context.AddOrUpdatePayload<IDeadLetterTransport>(() => skipped, _ => skipped);
        return new Agent(provider, configuration, context, hostConfiguration.Settings.DelayLevels);
    }

    /// <summary><c>{endpoint}_error</c> (MassTransit's error queue name) or <c>%DLQ%{group}</c> (RocketMQ's dead-letter topic).</summary>
    string ErrorTopic() => (configuration.ErrorDestination ?? hostConfiguration.Settings.ErrorDestination) switch
    {
        RocketMqErrorDestination.DeadLetterTopic => RocketMqNames.Sanitize(RocketMqNames.DeadLetterTopicPrefix + configuration.Topic),
        _ => RocketMqNames.Sanitize(context.SendTopology.ErrorQueueNameFormatter.FormatErrorQueueName(configuration.Topic)),
    };

    public ConnectHandle ConnectReceiveObserver(IReceiveObserver observer) => context.ConnectReceiveObserver(observer);

    public ConnectHandle ConnectReceiveTransportObserver(IReceiveTransportObserver observer) => context.ConnectReceiveTransportObserver(observer);

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => context.ConnectPublishObserver(observer);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => context.ConnectSendObserver(observer);

    sealed class Agent : ConsumerAgent<string>, ReceiveTransportHandle
    {
        readonly RocketMqReceiveEndpointContext _context;
        readonly RocketMqReceiveEndpointConfiguration _configuration;
        readonly RocketMqTransportProvider _provider;
        readonly RocketMqDelayLevels _delayLevels;
        IPushConsumer? _consumer;

        public Agent(RocketMqTransportProvider provider, RocketMqReceiveEndpointConfiguration configuration, RocketMqReceiveEndpointContext context,
            RocketMqDelayLevels delayLevels)
            : base(context)
        {
            _provider = provider;
            _delayLevels = delayLevels;
            _configuration = configuration;
            _context = context;
            _ = Task.Run(Startup);
        }

        Task ReceiveTransportHandle.Stop(CancellationToken cancellationToken) => this.Stop("Stop Receive Transport", cancellationToken);

        /// <summary>
        /// Creates the topics and starts the consumer group, retrying (1 s, 2 s, … up to 10 s apart) until it works or the
        /// endpoint stops: like MassTransit's own transports, a bus starts once its broker can be reached.
        /// </summary>
        async Task Startup()
        {
            try
            {
                await _context.DependenciesReady.WaitAsync(Stopping).ConfigureAwait(false);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await StartConsumer().ConfigureAwait(false);
                        break;
                    }
                    catch (Exception exception) when (!IsStopping)
                    {
                        LogContext.Warning?.Log(exception, "RocketMQ receive endpoint {Group} could not start (attempt {Attempt}); retrying", _configuration.Topic, attempt);
                        if (_consumer is { } failed)
                        {
                            _consumer = null;
                            await failed.DisposeAsync().ConfigureAwait(false);
                        }
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), Stopping).ConfigureAwait(false);
                    }
                }
                await _context.TransportObservers.NotifyReady(_context.InputAddress).ConfigureAwait(false);
                SetReady();
            }
            catch (Exception exception)
            {
                SetNotReady(exception);
            }
        }

        async Task StartConsumer()
        {
            foreach (var topic in _configuration.Topics)
            {
                await _provider.EnsureTopicAsync(topic).ConfigureAwait(false);
            }
            var client = await _provider.GetClientAsync().ConfigureAwait(false);
            var options = new PushConsumerOptions(_configuration.Topic, [.. _configuration.Topics.Select(topic => new Subscription(topic))])
            {
                ConsumeConcurrency = Math.Clamp(_context.ConcurrentMessageLimit ?? _context.PrefetchCount, 1, 1000),
            };
            _consumer = client.CreatePushConsumer(options, Handle);
            await _consumer.StartAsync(Stopping).ConfigureAwait(false);
        }

        async ValueTask<ConsumeResult> Handle(ReceivedMessage message, CancellationToken cancellationToken)
        {
            if (IsStopping)
            {
                // The client leaves a message unconsumed (neither committed nor sent back) when its handler is cancelled
                // while the consumer stops: it is delivered again when the endpoint starts.
                throw new OperationCanceledException("The receive endpoint is stopping.");
            }
            if (!IsOwnCopy(message))
            {
                return ConsumeResult.Success;
            }
            LogContext.Current = _context.LogContext;
            var receiveContext = new RocketMqReceiveContext(message, _context, _delayLevels);
            try
            {
                await Dispatch(message.MessageId, receiveContext, NoLockReceiveContext.Instance).ConfigureAwait(false);
                // A redelivery asked for by a retry filter or a consumer: the broker keeps the message and hands it back later.
                return receiveContext.Redelivery.DelayLevel > 0 ? ConsumeResult.Retry(receiveContext.Redelivery.DelayLevel) : ConsumeResult.Success;
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

        /// <summary>
        /// A publish writes one copy per topic of the type's hierarchy; an endpoint subscribed to several of those topics
        /// consumes only the copy from the first one (most derived) it subscribes to, so each consumer sees the message once.
        /// </summary>
        bool IsOwnCopy(ReceivedMessage message)
        {
            if (message.GetProperty(RocketMqProperties.PublishedTopics) is not { } published)
            {
                return true;
            }
            var subscribed = _configuration.Topics.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var range in published.AsSpan().Split(';'))
            {
                var topic = published.AsSpan(range);
                if (subscribed.Contains(topic))
                {
                    return topic.SequenceEqual(message.Topic);
                }
            }
            return true;
        }

        protected override async Task ActiveAndActualAgentsCompleted(StopContext context)
        {
            // Stop pulling first: the consumer lets running handlers finish and commits their offsets, so MassTransit's
            // wait for active deliveries ends, and nothing new arrives at an endpoint that is going away.
            if (_consumer is { } stopping)
            {
                await stopping.StopAsync(context.CancellationToken).ConfigureAwait(false);
            }
            await base.ActiveAndActualAgentsCompleted(context).ConfigureAwait(false);
            if (_consumer is { } consumer)
            {
                _consumer = null;
                await consumer.DisposeAsync().ConfigureAwait(false);
            }
            if (_configuration.IsTemporary)
            {
                await _provider.DeleteTopicAsync(_configuration.Topic).ConfigureAwait(false);
            }
            await _context.TransportObservers.NotifyCompleted(_context.InputAddress, this).ConfigureAwait(false);
        }
    }
}
