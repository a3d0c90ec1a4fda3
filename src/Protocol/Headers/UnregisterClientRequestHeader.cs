namespace EventBroker.Protocol.Headers;

/// <summary>UNREGISTER_CLIENT (35). The Java field is clientID, hence the capital D.</summary>
public sealed class UnregisterClientRequestHeader
{
    public required string ClientID { get; set; }
    public string? ProducerGroup { get; set; }
    public string? ConsumerGroup { get; set; }

    public static UnregisterClientRequestHeader Decode(RemotingCommand command) => new()
    {
        ClientID = HeaderFields.RequireString(command, "clientID"),
        ProducerGroup = HeaderFields.OptionalString(command, "producerGroup"),
        ConsumerGroup = HeaderFields.OptionalString(command, "consumerGroup"),
    };

    public void EncodeTo(RemotingCommand command)
    {
        HeaderFields.Put(command, "clientID", ClientID);
        HeaderFields.Put(command, "producerGroup", ProducerGroup);
        HeaderFields.Put(command, "consumerGroup", ConsumerGroup);
    }
}
