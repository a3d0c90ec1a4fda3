namespace EventBroker.Protocol.Messages;

/// <summary>One message of a SEND_BATCH_MESSAGE body, pointing into that body.</summary>
public readonly ref struct BatchMessage
{
    public BatchMessage(int offset, int length, int flag, ReadOnlySpan<byte> body, ReadOnlySpan<byte> properties)
    {
        Offset = offset;
        Length = length;
        Flag = flag;
        Body = body;
        Properties = properties;
    }

    /// <summary>Where the entry starts in the batch body.</summary>
    public int Offset { get; }

    /// <summary>The entry's TOTALSIZE.</summary>
    public int Length { get; }

    public int Flag { get; }

    public ReadOnlySpan<byte> Body { get; }

    /// <summary>UTF-8 properties text; the batch header's properties (WAIT and the like) are not included.</summary>
    public ReadOnlySpan<byte> Properties { get; }
}
