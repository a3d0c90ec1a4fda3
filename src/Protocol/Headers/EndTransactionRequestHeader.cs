namespace EventBroker.Protocol.Headers;

/// <summary>END_TRANSACTION (37), oneway from Java. CommitOrRollback: 0 unknown, 8 commit, 12 rollback. TranStateTableOffset is the half message's queue offset.</summary>
public sealed class EndTransactionRequestHeader
{
    public required string ProducerGroup { get; set; }
    public long TranStateTableOffset { get; set; }
    public long CommitLogOffset { get; set; }
    public int CommitOrRollback { get; set; }
    public bool FromTransactionCheck { get; set; }
    public required string MsgId { get; set; }
    public string? TransactionId { get; set; }

    public static EndTransactionRequestHeader Decode(RemotingCommand command) => new()
    {
        ProducerGroup = HeaderFields.RequireString(command, "producerGroup"),
        TranStateTableOffset = HeaderFields.RequireInt64(command, "tranStateTableOffset"),
        CommitLogOffset = HeaderFields.RequireInt64(command, "commitLogOffset"),
        CommitOrRollback = HeaderFields.RequireInt32(command, "commitOrRollback"),
        FromTransactionCheck = HeaderFields.ParseBoolean(command, "fromTransactionCheck"),
        MsgId = HeaderFields.RequireString(command, "msgId"),
        TransactionId = HeaderFields.OptionalString(command, "transactionId"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "producerGroup", ProducerGroup);
        HeaderFields.Put(command, "tranStateTableOffset", TranStateTableOffset);
        HeaderFields.Put(command, "commitLogOffset", CommitLogOffset);
        HeaderFields.Put(command, "commitOrRollback", CommitOrRollback);
        HeaderFields.Put(command, "fromTransactionCheck", FromTransactionCheck);
        HeaderFields.Put(command, "msgId", MsgId);
        HeaderFields.Put(command, "transactionId", TransactionId);
    }
}
