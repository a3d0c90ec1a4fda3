namespace EventBroker.Client;

/// <summary>The base of every failure the client reports; catch this to handle them all.</summary>
public class EventBrokerException : Exception
{
    public EventBrokerException()
        : base("the EventBroker client failed")
    {
    }

    public EventBrokerException(string message)
        : base(message)
    {
    }

    public EventBrokerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The broker or name server answered a request with a non-success response code. <see cref="ResponseCode"/> is the
/// RocketMQ code (17 TOPIC_NOT_EXIST, 14 SERVICE_NOT_AVAILABLE, 13 MESSAGE_ILLEGAL, …) and <see cref="Remark"/> the
/// server's explanation.
/// </summary>
public sealed class BrokerResponseException : EventBrokerException
{
    public BrokerResponseException(int responseCode, string? remark, string? address)
        : base($"CODE: {responseCode} DESC: {remark} (from {address ?? "unknown"})")
    {
        ResponseCode = responseCode;
        Remark = remark;
        Address = address;
    }

    public BrokerResponseException()
        : this(1, null, null)
    {
    }

    public BrokerResponseException(string message)
        : base(message)
    {
        ResponseCode = 1;
    }

    public BrokerResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
        ResponseCode = 1;
    }

    public int ResponseCode { get; }

    public string? Remark { get; }

    /// <summary>The server that answered.</summary>
    public string? Address { get; }
}

/// <summary>A connection could not be opened, or closed while a request was waiting for its response.</summary>
public sealed class BrokerConnectionException : EventBrokerException
{
    public BrokerConnectionException()
        : base("the connection to the broker failed")
    {
    }

    public BrokerConnectionException(string message)
        : base(message)
    {
    }

    public BrokerConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No response arrived within the request's timeout.</summary>
public sealed class BrokerTimeoutException : EventBrokerException
{
    public BrokerTimeoutException()
        : base("the broker did not answer in time")
    {
    }

    public BrokerTimeoutException(string message)
        : base(message)
    {
    }

    public BrokerTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
