using System.Diagnostics.CodeAnalysis;
using EventBroker.Client;

namespace MassTransit.RocketMqTransport;

public sealed class RocketMqReceiveContext : BaseReceiveContext
{
    public RocketMqReceiveContext(ReceivedMessage message, ReceiveEndpointContext receiveEndpointContext)
        : base(message.ReconsumeTimes > 0, receiveEndpointContext)
    {
        Message = message;
        Body = new BytesMessageBody(message.Body.ToArray());
    }

    public ReceivedMessage Message { get; }

    public override MessageBody Body { get; }

    protected override IHeaderProvider HeaderProvider => new PropertyHeaderProvider(Message.Properties);

    sealed class PropertyHeaderProvider(IReadOnlyDictionary<string, string> properties) : IHeaderProvider
    {
        public IEnumerable<KeyValuePair<string, object>> GetAll() =>
            properties.Where(p => !RocketMqProperties.IsReserved(p.Key)).Select(p => new KeyValuePair<string, object>(p.Key, p.Value));

        public bool TryGetHeader(string key, [NotNullWhen(true)] out object? value)
        {
            if (properties.TryGetValue(key, out var text))
            {
                value = text;
                return true;
            }
            value = null;
            return false;
        }
    }
}
