namespace EventBroker.Protocol.Headers;

/// <summary>
/// PULL_MESSAGE (11). <see cref="SysFlag"/> bits: 1 commit offset present, 2 suspend (long poll), 4 subscription
/// present, 8 class filter, 16 lite pull. The Java push consumer sends 2 and no subscription.
/// </summary>
public sealed class PullMessageRequestHeader
{
    public required string ConsumerGroup { get; set; }
    public required string Topic { get; set; }
    public int QueueId { get; set; }
    public long QueueOffset { get; set; }
    public int MaxMsgNums { get; set; }
    public int SysFlag { get; set; }
    public long CommitOffset { get; set; }
    public long SuspendTimeoutMillis { get; set; }
    public string? Subscription { get; set; }
    public long SubVersion { get; set; }
    public string? ExpressionType { get; set; }

    public static PullMessageRequestHeader Decode(RemotingCommand command) => new()
    {
        ConsumerGroup = HeaderFields.RequireString(command, "consumerGroup"),
        Topic = HeaderFields.RequireString(command, "topic"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
        QueueOffset = HeaderFields.RequireInt64(command, "queueOffset"),
        MaxMsgNums = HeaderFields.RequireInt32(command, "maxMsgNums"),
        SysFlag = HeaderFields.RequireInt32(command, "sysFlag"),
        CommitOffset = HeaderFields.RequireInt64(command, "commitOffset"),
        SuspendTimeoutMillis = HeaderFields.RequireInt64(command, "suspendTimeoutMillis"),
        Subscription = HeaderFields.OptionalString(command, "subscription"),
        SubVersion = HeaderFields.RequireInt64(command, "subVersion"),
        ExpressionType = HeaderFields.OptionalString(command, "expressionType"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "queueId", QueueId);
        HeaderFields.Put(command, "queueOffset", QueueOffset);
        HeaderFields.Put(command, "maxMsgNums", MaxMsgNums);
        HeaderFields.Put(command, "sysFlag", SysFlag);
        HeaderFields.Put(command, "commitOffset", CommitOffset);
        HeaderFields.Put(command, "suspendTimeoutMillis", SuspendTimeoutMillis);
        HeaderFields.Put(command, "subscription", Subscription);
        HeaderFields.Put(command, "subVersion", SubVersion);
        HeaderFields.Put(command, "expressionType", ExpressionType);
    }
}
