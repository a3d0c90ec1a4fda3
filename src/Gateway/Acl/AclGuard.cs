using System.Net;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Acl;

/// <summary>Holds the rules in force; swapped as a whole by <see cref="AclFileWatcher"/>.</summary>
public sealed class AclRulesHolder
{
    private volatile AclRules? _current;

    /// <summary>Null until the file has been loaded once.</summary>
    public AclRules? Current
    {
        get => _current;
        set => _current = value;
    }
}

/// <summary>
/// The dispatcher's ACL hook (RocketMQ's AclRPCHook, run before any processor). Only broker ports are checked: a
/// RocketMQ 4.9 name server has no plain ACL, so route lookups stay open (clients sign them anyway, harmlessly).
/// </summary>
public sealed partial class AclGuard(IOptions<BrokerOptions> options, AclRulesHolder rules, ILogger<AclGuard> logger)
{
    private readonly bool _enabled = options.Value.AclEnable;

    /// <returns>Null when the request may proceed; otherwise the refusal to send instead of processing it.</returns>
    public RemotingCommand? Check(RemotingCommand request, ClientConnection connection)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(connection);
        if (!_enabled || connection.Broker is null)
        {
            return null;
        }
        var current = rules.Current;
        var remark = current is null
            ? "AclException: the broker's ACL rules are not loaded yet; retry shortly"
            : AclValidator.Validate(current, request, (connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (remark is null)
        {
            return null;
        }
        LogRefused(request.Code, connection.RemoteAddress, remark);
        return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, remark);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "ACL refused request code {Code} from {Remote}: {Reason}")]
    private partial void LogRefused(int code, string remote, string reason);
}
