using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Producing;

/// <summary>Transactional sends (sendMessageInTransaction, endTransaction) and the broker's check-backs (checkTransactionState).</summary>
internal sealed partial class Producer
{
    public async ValueTask<TransactionSendResult> SendInTransactionAsync(
        Message message, LocalTransaction localTransaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localTransaction);
        if (_checker is null)
        {
            throw new InvalidOperationException("This producer has no transaction checker: create it with CreateTransactionProducer.");
        }
        MessageEncoder.Validate(message, _options.MaxMessageSize);
        // A half message is never delayed (Java clears DELAY before sending it).
        message = message with { DelayLevel = 0, DeliverAt = null };
        var encoded = MessageEncoder.Encode(message, _options, producerGroupForTransaction: Group);
        var sent = await SendWithRetriesAsync(message.Topic, encoded, message.Flag, batch: false, encoded.UniqueKey!, cancellationToken)
            .ConfigureAwait(false);

        var state = TransactionState.Rollback;
        Exception? failure = null;
        if (sent.Status == SendStatus.SendOk)
        {
            try
            {
                state = await localTransaction(message, sent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                state = TransactionState.Unknown;
                ClientLog.LocalTransactionFailed(_logger, ex, sent.MessageId);
            }
        }

        try
        {
            await EndTransactionAsync(sent, state, failure, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBrokerException ex)
        {
            // As in Java: the outcome stands and the broker's check-back will settle the half message.
            ClientLog.EndTransactionFailed(_logger, sent.MessageId, state, ex.Message);
        }
        return new TransactionSendResult(sent, state);
    }

    /// <summary>A CHECK_TRANSACTION_STATE from <paramref name="brokerAddress"/>: ask the checker, answer with END_TRANSACTION.</summary>
    internal async Task CheckTransactionStateAsync(string brokerAddress, ReceivedMessage halfMessage, CheckTransactionStateRequestHeader check)
    {
        var state = TransactionState.Unknown;
        string? remark = null;
        try
        {
            state = await _checker!(halfMessage, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            remark = "checkLocalTransactionState Exception: " + ex.Message;
            ClientLog.TransactionCheckFailed(_logger, ex, halfMessage.MessageId);
        }
        var header = new EndTransactionRequestHeader
        {
            ProducerGroup = Group,
            TranStateTableOffset = check.TranStateTableOffset,
            CommitLogOffset = check.CommitLogOffset,
            CommitOrRollback = CommitOrRollback(state),
            FromTransactionCheck = true,
            MsgId = halfMessage.GetProperty(MessageConst.UniqKey) ?? halfMessage.MessageId,
            TransactionId = check.TransactionId,
        };
        await SendEndTransactionAsync(brokerAddress, header, remark, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task EndTransactionAsync(SendResult sent, TransactionState state, Exception? failure, CancellationToken cancellationToken)
    {
        var offsetMsgId = sent.OffsetMessageId.Split(',')[0];
        MessageId.TryDecodeOffsetMsgId(offsetMsgId, out _, out var commitLogOffset);
        var address = _instance.Routes.FindBrokerAddress(sent.Queue.BrokerName)
            ?? throw new BrokerConnectionException($"no address is known for broker {sent.Queue.BrokerName}");
        var header = new EndTransactionRequestHeader
        {
            ProducerGroup = Group,
            TranStateTableOffset = sent.QueueOffset,
            CommitLogOffset = commitLogOffset,
            CommitOrRollback = CommitOrRollback(state),
            FromTransactionCheck = false,
            MsgId = sent.MessageId,
            TransactionId = sent.TransactionId ?? sent.MessageId,
        };
        var remark = failure is null ? null : "executeLocalTransactionBranch exception: " + failure.Message;
        await SendEndTransactionAsync(address, header, remark, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>END_TRANSACTION is oneway, as the Java producer sends it.</summary>
    private async Task SendEndTransactionAsync(string address, EndTransactionRequestHeader header, string? remark, CancellationToken cancellationToken)
    {
        var request = Responses.Request(RequestCode.EndTransaction, header.EncodeTo);
        request.Remark = remark;
        await _instance.Remoting.InvokeOnewayAsync(address, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>MessageSysFlag's transaction types: 8 commit, 12 rollback, 0 not decided.</summary>
    private static int CommitOrRollback(TransactionState state) => state switch
    {
        TransactionState.Commit => MessageSysFlag.TransactionCommitType,
        TransactionState.Rollback => MessageSysFlag.TransactionRollbackType,
        _ => MessageSysFlag.TransactionNotType,
    };
}
