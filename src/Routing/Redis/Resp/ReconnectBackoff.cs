using Polly;
using Polly.Retry;

namespace EventBroker.Routing.Redis.Resp;

/// <summary>
/// Retries connection attempts for as long as it takes: jittered exponential delays from the base delay up to the
/// cap, so many gateways losing Redis at once do not reconnect in lockstep.
/// </summary>
internal static class ReconnectBackoff
{
    /// <param name="keepTrying">False once the owner is stopping: its attempt then fails for good.</param>
    /// <param name="onRetry">Told of each failed attempt with the delay before the next.</param>
    public static ResiliencePipeline<T> Create<T>(RedisOptions options, Func<bool> keepTrying, Action<int, Exception, TimeSpan> onRetry, TimeProvider? time = null)
    {
        var builder = new ResiliencePipelineBuilder<T>();
        if (time is not null)
            builder.TimeProvider = time;
        return builder
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && keepTrying()),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectBaseDelay,
                MaxDelay = options.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
