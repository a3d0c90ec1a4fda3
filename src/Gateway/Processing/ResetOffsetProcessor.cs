using EventBroker.Gateway.Admin;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// INVOKE_BROKER_TO_RESET_OFFSET (222), mqadmin resetOffsetByTime: resets the group's offsets on the logical broker
/// the request came in on and tells its online members (220), through the admin API's <see cref="OffsetReset"/>.
/// </summary>
public sealed class ResetOffsetProcessor(OffsetReset reset)
{
    public async ValueTask<RemotingCommand> ResetAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = ResetOffsetRequestHeader.Decode(request);
        var outcome = await reset.ResetOnBrokerAsync(connection.Broker!, header.Group, header.Topic, header.Timestamp, header.IsForce, ct).ConfigureAwait(false);
        var response = RemotingCommand.CreateResponse(request, outcome.Code, outcome.Remark);
        if (outcome.Code == ResponseCode.Success)
        {
            response.Body = OffsetReset.EncodeResetOffsetBody(outcome.Offsets);
        }
        return response;
    }
}
