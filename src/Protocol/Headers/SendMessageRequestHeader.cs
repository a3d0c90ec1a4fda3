namespace EventBroker.Protocol.Headers;

/// <summary>
/// The send header of SEND_MESSAGE (10) and SEND_REPLY_MESSAGE (324) with long field names, and of
/// SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and SEND_REPLY_MESSAGE_V2 (325) with the one-letter names
/// a..m that Java's SendMessageRequestHeaderV2 uses to shorten every send (n = brokerName from 5.x clients).
/// </summary>
public sealed class SendMessageRequestHeader
{
    public required string ProducerGroup { get; set; }
    public required string Topic { get; set; }
    public required string DefaultTopic { get; set; }
    public int DefaultTopicQueueNums { get; set; }
    public int QueueId { get; set; }
    public int SysFlag { get; set; }
    public long BornTimestamp { get; set; }
    public int Flag { get; set; }
    public string? Properties { get; set; }
    public int? ReconsumeTimes { get; set; }
    public bool UnitMode { get; set; }
    public int? MaxReconsumeTimes { get; set; }
    public bool Batch { get; set; }

    /// <summary>Sent only by 4.x Go clients ("brokerName") and 5.x clients ("bname", V2 "n"); 4.x Java never sends it.</summary>
    public string? BrokerName { get; set; }

    /// <summary>Whether <paramref name="code"/> carries the a..m header rather than the long names.</summary>
    public static bool UsesShortNames(int code) =>
        code is (int)RequestCode.SendMessageV2 or (int)RequestCode.SendBatchMessage or (int)RequestCode.SendReplyMessageV2;

    public static SendMessageRequestHeader Decode(RemotingCommand command) =>
        UsesShortNames(command.Code) ? DecodeV2(command) : DecodeV1(command);

    public void EncodeTo(RemotingCommand command) => EncodeTo(command, UsesShortNames(command.Code));

    public void EncodeTo(RemotingCommand command, bool v2)
    {
        if (v2)
        {
            EncodeV2(command);
        }
        else
        {
            EncodeV1(command);
        }
    }

    private static SendMessageRequestHeader DecodeV1(RemotingCommand command) => new()
    {
        ProducerGroup = HeaderFields.RequireString(command, "producerGroup"),
        Topic = HeaderFields.RequireString(command, "topic"),
        DefaultTopic = HeaderFields.RequireString(command, "defaultTopic"),
        DefaultTopicQueueNums = HeaderFields.RequireInt32(command, "defaultTopicQueueNums"),
        QueueId = HeaderFields.RequireInt32(command, "queueId"),
        SysFlag = HeaderFields.RequireInt32(command, "sysFlag"),
        BornTimestamp = HeaderFields.RequireInt64(command, "bornTimestamp"),
        Flag = HeaderFields.RequireInt32(command, "flag"),
        Properties = HeaderFields.OptionalString(command, "properties"),
        ReconsumeTimes = HeaderFields.OptionalInt32(command, "reconsumeTimes"),
        UnitMode = HeaderFields.ParseBoolean(command, "unitMode"),
        Batch = HeaderFields.ParseBoolean(command, "batch"),
        MaxReconsumeTimes = HeaderFields.OptionalInt32(command, "maxReconsumeTimes"),
        BrokerName = HeaderFields.OptionalString(command, "brokerName") ?? HeaderFields.OptionalString(command, "bname"),
    };

    private static SendMessageRequestHeader DecodeV2(RemotingCommand command) => new()
    {
        ProducerGroup = HeaderFields.RequireString(command, "a"),
        Topic = HeaderFields.RequireString(command, "b"),
        DefaultTopic = HeaderFields.RequireString(command, "c"),
        DefaultTopicQueueNums = HeaderFields.RequireInt32(command, "d"),
        QueueId = HeaderFields.RequireInt32(command, "e"),
        SysFlag = HeaderFields.RequireInt32(command, "f"),
        BornTimestamp = HeaderFields.RequireInt64(command, "g"),
        Flag = HeaderFields.RequireInt32(command, "h"),
        Properties = HeaderFields.OptionalString(command, "i"),
        ReconsumeTimes = HeaderFields.OptionalInt32(command, "j"),
        UnitMode = HeaderFields.ParseBoolean(command, "k"),
        MaxReconsumeTimes = HeaderFields.OptionalInt32(command, "l"),
        Batch = HeaderFields.ParseBoolean(command, "m"),
        BrokerName = HeaderFields.OptionalString(command, "n"),
    };

    private void EncodeV1(RemotingCommand command)
    {
        HeaderFields.Put(command, "producerGroup", ProducerGroup);
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "defaultTopic", DefaultTopic);
        HeaderFields.Put(command, "defaultTopicQueueNums", DefaultTopicQueueNums);
        HeaderFields.Put(command, "queueId", QueueId);
        HeaderFields.Put(command, "sysFlag", SysFlag);
        HeaderFields.Put(command, "bornTimestamp", BornTimestamp);
        HeaderFields.Put(command, "flag", Flag);
        HeaderFields.Put(command, "properties", Properties);
        HeaderFields.Put(command, "reconsumeTimes", ReconsumeTimes);
        HeaderFields.Put(command, "unitMode", UnitMode);
        HeaderFields.Put(command, "batch", Batch);
        HeaderFields.Put(command, "maxReconsumeTimes", MaxReconsumeTimes);
        HeaderFields.Put(command, "brokerName", BrokerName);
    }

    private void EncodeV2(RemotingCommand command)
    {
        HeaderFields.Put(command, "a", ProducerGroup);
        HeaderFields.Put(command, "b", Topic);
        HeaderFields.Put(command, "c", DefaultTopic);
        HeaderFields.Put(command, "d", DefaultTopicQueueNums);
        HeaderFields.Put(command, "e", QueueId);
        HeaderFields.Put(command, "f", SysFlag);
        HeaderFields.Put(command, "g", BornTimestamp);
        HeaderFields.Put(command, "h", Flag);
        HeaderFields.Put(command, "i", Properties);
        HeaderFields.Put(command, "j", ReconsumeTimes);
        HeaderFields.Put(command, "k", UnitMode);
        HeaderFields.Put(command, "l", MaxReconsumeTimes);
        HeaderFields.Put(command, "m", Batch);
        HeaderFields.Put(command, "n", BrokerName);
    }
}
