using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EventBroker.Client.Internal.Producing;

/// <summary>
/// The Polly pipeline around send attempts: each attempt has its own timeout, and a failure the Java producer retries
/// (response codes 17, 14, 1, 16, 204, 205, connection failures and timeouts) is tried again at once, on another broker
/// because the queue selection avoids the broker that just failed.
/// </summary>
internal static class SendRetryPolicy
{
    /// <summary>DefaultMQProducer.retryResponseCodes.</summary>
    public static readonly IReadOnlySet<int> RetryResponseCodes = new HashSet<int> { 17, 14, 1, 16, 204, 205 };

    public static ResiliencePipeline<SendResult> Create(ProducerOptions options)
    {
        var builder = new ResiliencePipelineBuilder<SendResult>();
        if (options.RetryTimesWhenSendFailed > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<SendResult>
            {
                MaxRetryAttempts = options.RetryTimesWhenSendFailed,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<SendResult>()
                    .Handle<BrokerResponseException>(e => RetryResponseCodes.Contains(e.ResponseCode))
                    .Handle<BrokerConnectionException>()
                    .Handle<BrokerTimeoutException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => options.RetryAnotherBrokerWhenNotStoreOk && r.Status != SendStatus.SendOk),
            });
        }
        return builder.AddTimeout(options.SendTimeout).Build();
    }

    public static bool IsRetryable(Exception exception) => exception switch
    {
        BrokerResponseException response => RetryResponseCodes.Contains(response.ResponseCode),
        _ => exception is BrokerConnectionException or BrokerTimeoutException or TimeoutRejectedException,
    };
}
