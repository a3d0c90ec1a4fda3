using System.Buffers;

namespace EventBroker.Protocol;

/// <summary>
/// One RocketMQ remoting command (request or response), decoded from a frame. The body is owned by the
/// command: when it was rented from the shared pool, <see cref="Dispose"/> returns it.
/// </summary>
public sealed class RemotingCommand : IDisposable
{
    public const int ResponseFlag = 1;
    public const int OnewayFlag = 2;

    private byte[]? _pooledBody;
    private IDisposable? _bodyOwner;

    public int Code { get; set; }
    public LanguageCode Language { get; set; } = LanguageCode.JAVA;
    public int Version { get; set; }
    public int Opaque { get; set; }
    public int Flag { get; set; }
    public string? Remark { get; set; }

    /// <summary>
    /// The custom header. Null when the frame had none. Values are always strings: a JSON number or boolean
    /// sent by ali-ons or the C++ client is stringified when decoded.
    /// </summary>
    public Dictionary<string, string>? ExtFields { get; set; }

    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>How the header was (or will be) encoded. Responses use the request's type.</summary>
    public SerializeType SerializeType { get; set; } = SerializeType.Json;

    public bool IsResponse => (Flag & ResponseFlag) != 0;
    public bool IsOneway => (Flag & OnewayFlag) != 0;

    /// <summary>
    /// Something that owns <see cref="Body"/>'s memory (a pooled read buffer) and is disposed with the command,
    /// so a response body can be sent without copying it first.
    /// </summary>
    public void SetBodyOwner(ReadOnlyMemory<byte> body, IDisposable owner)
    {
        ReturnBody();
        _bodyOwner = owner;
        Body = body;
    }

    /// <summary>Takes ownership of an array rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public void SetPooledBody(byte[] rented, int length)
    {
        ReturnBody();
        _pooledBody = rented;
        Body = rented.AsMemory(0, length);
    }

    public string? GetExt(string key) =>
        ExtFields is not null && ExtFields.TryGetValue(key, out var v) ? v : null;

    public RemotingCommand AddExt(string key, string value)
    {
        (ExtFields ??= new Dictionary<string, string>(8))[key] = value;
        return this;
    }

    public static RemotingCommand CreateRequest(int code, Dictionary<string, string>? extFields = null) => new()
    {
        Code = code,
        Language = LanguageCode.DOTNET,
        Version = MQVersion.Current,
        ExtFields = extFields,
    };

    /// <summary>A response to <paramref name="request"/>: same opaque, same serialize type, response flag set.</summary>
    /// <remarks>The Java broker leaves a response's version at 0 unless a system property sets it; clients ignore it.</remarks>
    public static RemotingCommand CreateResponse(RemotingCommand request, int code, string? remark = null) => new()
    {
        Code = code,
        Language = LanguageCode.JAVA,
        Version = 0,
        Opaque = request.Opaque,
        Flag = ResponseFlag,
        Remark = remark,
        SerializeType = request.SerializeType,
    };

    public static RemotingCommand CreateResponse(RemotingCommand request, ResponseCode code, string? remark = null) =>
        CreateResponse(request, (int)code, remark);

    private void ReturnBody()
    {
        var rented = Interlocked.Exchange(ref _pooledBody, null);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        Interlocked.Exchange(ref _bodyOwner, null)?.Dispose();
    }

    public void Dispose()
    {
        ReturnBody();
        Body = default;
    }

    public override string ToString() =>
        $"code={Code} opaque={Opaque} flag={Flag} lang={Language} ver={Version} remark={Remark} ext={ExtFields?.Count ?? 0} body={Body.Length}";
}
