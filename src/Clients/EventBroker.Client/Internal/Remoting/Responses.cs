using EventBroker.Protocol;

namespace EventBroker.Client.Internal.Remoting;

internal static class Responses
{
    /// <summary>Throws the broker's error for any code but <paramref name="expected"/> (SUCCESS by default).</summary>
    public static RemotingCommand EnsureCode(this RemotingCommand response, string address, ResponseCode expected = ResponseCode.Success)
    {
        if (response.Code != (int)expected)
        {
            var error = new BrokerResponseException(response.Code, response.Remark, address);
            response.Dispose();
            throw error;
        }
        return response;
    }

    /// <summary>Builds a request whose custom header is written by <paramref name="encode"/>.</summary>
    public static RemotingCommand Request(RequestCode code, Action<RemotingCommand>? encode = null, ReadOnlyMemory<byte> body = default)
    {
        var request = RemotingCommand.CreateRequest((int)code);
        request.ExtFields = new Dictionary<string, string>(8, StringComparer.Ordinal);
        encode?.Invoke(request);
        request.Body = body;
        return request;
    }

    /// <summary>Whether a failure is about reaching the server (worth trying another one) rather than its answer.</summary>
    public static bool IsTransportFailure(Exception exception) =>
        exception is BrokerConnectionException or BrokerTimeoutException;
}
