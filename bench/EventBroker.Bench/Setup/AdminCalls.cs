using EventBroker.Bench.Transport;
using EventBroker.Protocol;

namespace EventBroker.Bench.Setup;

/// <summary>One request at a time with a deadline, for the handful of setup and bookkeeping calls.</summary>
public sealed class AdminCalls
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly RemotingClient _client;
    private readonly RequestSlot _slot;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public AdminCalls(RemotingClient client)
    {
        _client = client;
        _slot = client.CreateSlot(decodeFully: true);
    }

    public RemotingClient Client => _client;

    /// <summary>The decoded response; the caller disposes it. Throws when no response comes or the connection drops.</summary>
    public async Task<RemotingCommand> CallAsync(RemotingCommand request)
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            var pending = _client.SendAsync(_slot, request).AsTask();
            if (await Task.WhenAny(pending, Task.Delay(Timeout)).ConfigureAwait(false) != pending)
            {
                _slot.Fail(RemotingResponse.Timeout);
            }
            var response = await pending.ConfigureAwait(false);
            return response.Command.Value
                ?? throw new IOException($"request {request.Code} to {_client.Address}: {Sending.Sender.DescribeSynthetic(response.Code)}");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Like <see cref="CallAsync"/> but anything other than success becomes an exception naming the code and remark.</summary>
    public async Task<RemotingCommand> CallExpectingSuccessAsync(RemotingCommand request, string what)
    {
        var response = await CallAsync(request).ConfigureAwait(false);
        if (response.Code != (int)ResponseCode.Success)
        {
            var message = $"{what} failed: code {response.Code} ({(ResponseCode)response.Code}) {response.Remark}";
            response.Dispose();
            throw new InvalidOperationException(message);
        }
        return response;
    }
}
