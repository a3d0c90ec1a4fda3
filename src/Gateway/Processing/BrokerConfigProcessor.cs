using System.Globalization;
using System.Text;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Processing;

/// <summary>
/// GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25) in RocketMQ's properties-text form. Only settings that are
/// safe to change while running can be updated; the change lasts until restart (set Broker:* to keep it).
/// </summary>
public sealed class BrokerConfigProcessor(IOptions<BrokerOptions> options, TimeProvider time)
{
    private readonly BrokerOptions _options = options.Value;
    private long _version;

    /// <summary>Keys UPDATE_BROKER_CONFIG accepts, by RocketMQ's name.</summary>
    public static readonly IReadOnlySet<string> Updatable = new HashSet<string>(StringComparer.Ordinal)
    {
        "autoCreateTopicEnable", "defaultTopicQueueNums", "maxMessageSize", "fileReservedTime",
    };

    public RemotingCommand GetBrokerConfig(RemotingCommand request, ClientConnection connection)
    {
        var broker = connection.Broker!;
        var sb = new StringBuilder();
        void Line(string key, object value) => sb.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Line("brokerClusterName", _options.ClusterName);
        Line("brokerName", broker.Name);
        Line("brokerId", 0);
        Line("brokerRole", "ASYNC_MASTER");
        Line("brokerIP1", _options.BrokerIP1);
        Line("listenPort", broker.Port);
        Line("namesrvPort", _options.NameServerPort);
        Line("autoCreateTopicEnable", _options.AutoCreateTopicEnable ? "true" : "false");
        Line("autoCreateSubscriptionGroup", "true");
        Line("defaultTopicQueueNums", _options.DefaultTopicQueueNums);
        Line("maxMessageSize", _options.MaxMessageSize);
        Line("flushDiskType", _options.FlushDiskType.ToUpperInvariant());
        Line("fileReservedTime", _options.FileReservedTime);
        Line("messageDelayLevel", _options.MessageDelayLevel);
        Line("longPollingEnable", "true");
        Line("store", _options.Store);
        Line("redis", string.IsNullOrWhiteSpace(_options.Redis) ? "(in-process routing)" : "(configured)");
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.AddExt("version", $"{{\"counter\":{Interlocked.Read(ref _version).ToString(CultureInfo.InvariantCulture)},\"timestamp\":{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}}}");
        response.Body = Encoding.UTF8.GetBytes(sb.ToString());
        return response;
    }

    public RemotingCommand UpdateBrokerConfig(RemotingCommand request)
    {
        var updates = new List<(string Key, string Value)>();
        foreach (var raw in Encoding.UTF8.GetString(request.Body.Span).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"'{line}' is not key=value");
            }
            var key = line[..eq].Trim();
            if (!Updatable.Contains(key))
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                    $"'{key}' cannot be changed while the broker runs; set Broker:{key} and restart (changeable now: {string.Join(", ", Updatable)})");
            }
            updates.Add((key, line[(eq + 1)..].Trim()));
        }
        foreach (var (key, value) in updates)
        {
            var error = Apply(key, value);
            if (error is not null)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, error);
            }
        }
        Interlocked.Increment(ref _version);
        return RemotingCommand.CreateResponse(request, ResponseCode.Success);
    }

    private string? Apply(string key, string value)
    {
        switch (key)
        {
            case "autoCreateTopicEnable" when bool.TryParse(value, out var b):
                _options.AutoCreateTopicEnable = b;
                return null;
            case "defaultTopicQueueNums" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1024:
                _options.DefaultTopicQueueNums = n;
                return null;
            case "maxMessageSize" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 16 * 1024 * 1024 - 64 * 1024:
                _options.MaxMessageSize = n;
                return null;
            case "fileReservedTime" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
                _options.FileReservedTime = n;
                return null;
            default:
                return $"'{value}' is not a valid value for {key}";
        }
    }
}
