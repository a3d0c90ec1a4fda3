namespace EventBroker.Protocol.Headers;

/// <summary>
/// The response to a send. <see cref="MsgId"/> is the offsetMsgId (comma-joined for a batch). The Java broker also
/// puts MSG_REGION and TRACE_ON on every send response; clients copy them into the SendResult.
/// </summary>
public sealed class SendMessageResponseHeader
{
    /// <summary>The region the Java broker reports when none is configured.</summary>
    public const string DefaultRegion = "DefaultRegion";

    public required string MsgId { get; set; }
    public int QueueId { get; set; }
    public long QueueOffset { get; set; }
    public string? TransactionId { get; set; }

    /// <summary>MSG_REGION; written when set. The Java broker always sends <see cref="DefaultRegion"/>.</summary>
    public string? MsgRegion { get; set; }

    /// <summary>TRACE_ON; written when set. The Java broker always sends true.</summary>
    public bool? TraceOn { get; set; }

    public static SendMessageResponseHeader Decode(RemotingCommand command) => new()
    {
        MsgId = HeaderFields.RequireString(command, "msgId"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
        QueueOffset = HeaderFields.RequireInt64(command, "queueOffset"),
        TransactionId = HeaderFields.OptionalString(command, "transactionId"),
        MsgRegion = HeaderFields.OptionalString(command, "MSG_REGION"),
        TraceOn = HeaderFields.OptionalBoolean(command, "TRACE_ON"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "msgId", MsgId);
        HeaderFields.Put(command, "queueId", QueueId);
        HeaderFields.Put(command, "queueOffset", QueueOffset);
        HeaderFields.Put(command, "transactionId", TransactionId);
        HeaderFields.Put(command, "MSG_REGION", MsgRegion);
        HeaderFields.Put(command, "TRACE_ON", TraceOn);
    }
}
