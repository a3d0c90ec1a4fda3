namespace EventBroker.Protocol.Headers;

/// <summary>CHECK_TRANSACTION_STATE (39), sent oneway by the broker to a producer of the half message's group; the body is the half message.</summary>
public sealed class CheckTransactionStateRequestHeader
{
    public long TranStateTableOffset { get; set; }
    public long CommitLogOffset { get; set; }
    public string? MsgId { get; set; }
    public string? TransactionId { get; set; }
    public string? OffsetMsgId { get; set; }

    public static CheckTransactionStateRequestHeader Decode(RemotingCommand command) => new()
    {
        TranStateTableOffset = HeaderFields.RequireInt64(command, "tranStateTableOffset"),
        CommitLogOffset = HeaderFields.RequireInt64(command, "commitLogOffset"),
        MsgId = HeaderFields.OptionalString(command, "msgId"),
        TransactionId = HeaderFields.OptionalString(command, "transactionId"),
        OffsetMsgId = HeaderFields.OptionalString(command, "offsetMsgId"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "tranStateTableOffset", TranStateTableOffset);
        HeaderFields.Put(command, "commitLogOffset", CommitLogOffset);
        HeaderFields.Put(command, "msgId", MsgId);
        HeaderFields.Put(command, "transactionId", TransactionId);
        HeaderFields.Put(command, "offsetMsgId", OffsetMsgId);
    }
}
