using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// The Polly pipeline around every call, outermost first: the operation's total timeout, jittered retries of
/// transient failures (every call the store makes is safe to repeat: appends carry event ids the server
/// deduplicates, reads and metadata writes are checked), a circuit breaker that fails fast while EventStoreDB is
/// down, and the per-attempt timeout.
/// </summary>
internal static class EventStoreResilience
{
    public static ResiliencePipeline Create(ResilienceOptions options, ILogger logger, TimeProvider time, Action<Exception?> onOpened)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(options.OperationTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<EventStoreClientException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromMilliseconds(500),
                // The leader's address came with the answer: no reason to wait.
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is NotLeaderException ? TimeSpan.Zero : null),
                OnRetry = args =>
                {
                    EventStoreClientLog.Retrying(logger, args.Context.OperationKey ?? "call", args.AttemptNumber + 2, args.Outcome.Exception?.Message ?? "no result");
                    return default;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // A redirect is not a failure of the cluster.
                ShouldHandle = new PredicateBuilder().Handle<NodeUnavailableException>().Handle<TimeoutRejectedException>(),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    onOpened(args.Outcome.Exception);
                    EventStoreClientLog.CircuitOpened(logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.Message ?? "?");
                    return default;
                },
                OnClosed = _ =>
                {
                    EventStoreClientLog.CircuitClosed(logger);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
