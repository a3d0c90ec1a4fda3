namespace EventBroker.Routing.Redis.Resp;

/// <summary>The RESP2 and RESP3 reply types, by their first byte on the wire.</summary>
public enum RespType : byte
{
    SimpleString = (byte)'+',
    Error = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',

    // RESP3 only.
    Null = (byte)'_',
    Double = (byte)',',
    Boolean = (byte)'#',
    BlobError = (byte)'!',
    VerbatimString = (byte)'=',
    BigNumber = (byte)'(',
    Map = (byte)'%',
    Set = (byte)'~',
    Push = (byte)'>',
}
