using EventBroker.Gateway.Transactions;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;

namespace EventBroker.Gateway.Processing;

/// <summary>END_TRANSACTION (37), oneway from the Java producer: 8 commits, 12 rolls back, 0 leaves it to the check.</summary>
public sealed class EndTransactionProcessor(TransactionResolver resolver)
{
    public async ValueTask<RemotingCommand> EndTransactionAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var header = EndTransactionRequestHeader.Decode(request);
        if (header.CommitOrRollback is not (TransactionResolver.Commit or TransactionResolver.Rollback))
        {
            // TRANSACTION_NOT_TYPE: the producer does not know yet; the check service will ask it.
            return RemotingCommand.CreateResponse(request, ResponseCode.Success);
        }
        var error = await resolver.ResolveAsync(connection.Broker!, header.CommitLogOffset, header.CommitOrRollback, ct).ConfigureAwait(false);
        return error is null
            ? RemotingCommand.CreateResponse(request, ResponseCode.Success)
            : RemotingCommand.CreateResponse(request, ResponseCode.SystemError, error);
    }
}
