namespace MassTransit;

/// <summary>Where the name servers are, how to sign requests, and what the broker can delay.</summary>
public interface IRocketMqHostConfigurator
{
    /// <summary>Name-server addresses, <c>host:port</c> each.</summary>
    void NameServers(params string[] nameServers);

    /// <summary>ACL credentials (RocketMQ's plain ACL); every request is signed with them.</summary>
    void Credentials(string accessKey, string secretKey);

    /// <summary>The client's instance name (part of its client id).</summary>
    string? InstanceName { set; }

    /// <summary>
    /// The broker's delay levels, exactly as its <c>messageDelayLevel</c> setting (default
    /// <c>"1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"</c>). Redeliveries, and scheduled messages when
    /// <see cref="UseTimerMessages"/> is off, wait for the smallest level at least as long as the requested delay.
    /// </summary>
    /// <exception cref="FormatException">An entry is not a positive number followed by s, m, h or d.</exception>
    void MessageDelayLevel(string levels);

    /// <summary>
    /// Scheduled and delayed sends carry their exact delivery time (TIMER_DELIVER_MS, RocketMQ 5 timer messages) instead
    /// of rounding up to a delay level. On by default (EventBroker supports timer messages); turn it off for a broker
    /// without them, such as Apache RocketMQ 4.x.
    /// </summary>
    bool UseTimerMessages { set; }
}
