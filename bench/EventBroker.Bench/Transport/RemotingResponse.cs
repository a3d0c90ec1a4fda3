namespace EventBroker.Bench.Transport;

/// <summary>
/// What a request got back. Successful sends carry only the code: decoding their header into a command would
/// allocate a dictionary and strings per message. <see cref="Command"/> is set for slots that asked for full
/// decoding and for every failed send (the remark says why); the receiver disposes it.
/// </summary>
public readonly record struct RemotingResponse(int Code, RemotingCommandHolder Command)
{
    /// <summary>No response within the request timeout.</summary>
    public const int Timeout = -1;

    /// <summary>The connection closed or could not be written to.</summary>
    public const int ConnectionLost = -2;

    public static RemotingResponse Failed(int code) => new(code, default);
}

/// <summary>Wraps the optional decoded command so the response stays a small struct with a clear owner.</summary>
public readonly record struct RemotingCommandHolder(EventBroker.Protocol.RemotingCommand? Value);
