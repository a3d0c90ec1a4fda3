namespace EventBroker.Protocol.Bodies;

#pragma warning disable CA1707 // enum member names are the wire form fastjson writes

/// <summary>Ordinals are the wire form C++ 3.0 sends; names the form Java sends.</summary>
public enum ConsumeType
{
    CONSUME_ACTIVELY = 0,
    CONSUME_PASSIVELY = 1,
}

public enum MessageModel
{
    BROADCASTING = 0,
    CLUSTERING = 1,
}

public enum ConsumeFromWhere
{
    CONSUME_FROM_LAST_OFFSET = 0,
    CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST = 1,
    CONSUME_FROM_MIN_OFFSET = 2,
    CONSUME_FROM_MAX_OFFSET = 3,
    CONSUME_FROM_FIRST_OFFSET = 4,
    CONSUME_FROM_TIMESTAMP = 5,
}

public enum TopicFilterType
{
    SINGLE_TAG = 0,
    MULTI_TAG = 1,
}
