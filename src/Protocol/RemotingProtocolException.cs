using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EventBroker.Protocol;

/// <summary>
/// Input that breaks the remoting protocol: a frame or header that cannot be read, or a custom header missing a
/// required field. For framing errors the connection cannot be resynchronised, so the gateway closes it and logs
/// <see cref="Exception.Message"/> in one line; messages therefore name the exact problem and the numbers involved.
/// </summary>
public sealed class RemotingProtocolException : Exception
{
    public RemotingProtocolException()
        : base("the remoting protocol was violated")
    {
    }

    public RemotingProtocolException(string message)
        : base(message)
    {
    }

    public RemotingProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    // The helpers below keep throw sites out of the inlined hot paths of the frame reader and codecs.

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(string message) => throw new RemotingProtocolException(message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowFrameLength(int length, int maxFrameLength) =>
        throw new RemotingProtocolException(length < 4
            ? $"frame length {length} is below the 4-byte minimum"
            : $"frame length {length} exceeds the {maxFrameLength}-byte limit");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowHeaderLength(int headerLength, int frameLength) =>
        throw new RemotingProtocolException($"header length {headerLength} exceeds frame length {frameLength}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowSerializeType(int type) =>
        throw new RemotingProtocolException($"unknown serialize type {type} (expected 0 for JSON or 1 for ROCKETMQ)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowInvalidJson(string detail) => throw InvalidJson(detail, null);

    internal static RemotingProtocolException InvalidJson(string detail, Exception? inner) => inner is null
        ? new RemotingProtocolException($"the header is not valid JSON: {detail}")
        : new RemotingProtocolException($"the header is not valid JSON: {detail}", inner);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowMissingField(bool response, string field) =>
        throw new RemotingProtocolException($"the {(response ? "response" : "request")} header has no '{field}'");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowNotNumber(string field, string kind, string value) =>
        throw new RemotingProtocolException($"'{field}' is not {kind}: {value}");
}
