using System.Buffers;
using System.Text;
using EventBroker.Protocol.Messages;

namespace EventBroker.Client.Internal.Producing;

/// <summary>
/// A SEND_BATCH_MESSAGE body (MessageBatch.generateFromList + MessageDecoder.encodeMessages): one topic, no delay, no
/// retry topic, one WAIT setting; each entry carries its own properties and UNIQ_KEY, and nothing is compressed.
/// </summary>
internal static class BatchEncoder
{
    public static EncodedMessage Encode(IReadOnlyList<Message> messages, int maxMessageSize, out string uniqueKeys)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("The batch is empty.");
        }
        var first = messages[0];
        var output = new ArrayBufferWriter<byte>(4096);
        var keys = new StringBuilder();
        foreach (var message in messages)
        {
            MessageEncoder.Validate(message, maxMessageSize);
            if (!string.Equals(message.Topic, first.Topic, StringComparison.Ordinal))
            {
                throw new ArgumentException("All messages of a batch must have the same topic.");
            }
            if (message.DelayLevel > 0 || message.DeliverAt is not null)
            {
                throw new ArgumentException("Messages of a batch cannot be delayed.");
            }
            if (message.Topic.StartsWith(Names.RetryTopicPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException("A batch cannot be sent to a retry topic.");
            }
            if (message.WaitStoreMessageOk != first.WaitStoreMessageOk)
            {
                throw new ArgumentException("All messages of a batch must have the same WaitStoreMessageOk.");
            }
            var properties = MessageEncoder.BuildProperties(message);
            if (!properties.TryGetValue(MessageConst.UniqKey, out var key))
            {
                key = properties[MessageConst.UniqKey] = UniqueKey.Create();
            }
            keys.Append(keys.Length == 0 ? "" : ",").Append(key);
            BatchMessageWriter.Write(output, message.Flag, message.Body.Span, Encoding.UTF8.GetBytes(MessageEncoder.Format(properties)));
            if (output.WrittenCount > maxMessageSize)
            {
                throw new ArgumentException($"The batch exceeds {maxMessageSize} bytes: split it.");
            }
        }
        uniqueKeys = keys.ToString();
        var batchProperties = MessageProperties.Format([new(MessageConst.Wait, first.WaitStoreMessageOk ? "true" : "false")]);
        return new EncodedMessage(output.WrittenMemory, 0, batchProperties, null, null, null, IsReply: false);
    }
}
