namespace EventBroker.Protocol.Headers;

/// <summary>UPDATE_AND_CREATE_TOPIC (17), from mqadmin and the dashboard. TopicFilterType is the enum name (SINGLE_TAG).</summary>
public sealed class CreateTopicRequestHeader
{
    public required string Topic { get; set; }
    public required string DefaultTopic { get; set; }
    public int ReadQueueNums { get; set; }
    public int WriteQueueNums { get; set; }
    public int Perm { get; set; }
    public required string TopicFilterType { get; set; }
    public int? TopicSysFlag { get; set; }
    public bool Order { get; set; }

    public static CreateTopicRequestHeader Decode(RemotingCommand command) => new()
    {
        Topic = HeaderFields.RequireString(command, "topic"),
        DefaultTopic = HeaderFields.RequireString(command, "defaultTopic"),
        ReadQueueNums = HeaderFields.RequireInt32(command, "readQueueNums"),
        WriteQueueNums = HeaderFields.RequireInt32(command, "writeQueueNums"),
        Perm = HeaderFields.RequireInt32(command, "perm"),
        TopicFilterType = HeaderFields.RequireString(command, "topicFilterType"),
        TopicSysFlag = HeaderFields.OptionalInt32(command, "topicSysFlag"),
        Order = HeaderFields.RequireBoolean(command, "order"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "topic", Topic);
        HeaderFields.Put(command, "defaultTopic", DefaultTopic);
        HeaderFields.Put(command, "readQueueNums", ReadQueueNums);
        HeaderFields.Put(command, "writeQueueNums", WriteQueueNums);
        HeaderFields.Put(command, "perm", Perm);
        HeaderFields.Put(command, "topicFilterType", TopicFilterType);
        HeaderFields.Put(command, "topicSysFlag", TopicSysFlag);
        HeaderFields.Put(command, "order", Order);
    }
}
