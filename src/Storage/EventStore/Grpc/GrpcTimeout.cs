using System.Globalization;

namespace EventBroker.Storage.EventStore.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 digits and a unit, so the server stops work the client gave up on.</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    public static string Format(TimeSpan timeout)
    {
        var ms = (long)Math.Ceiling(Math.Max(0, timeout.TotalMilliseconds));
        if (ms <= MaxValue)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "m";
        }
        var seconds = Math.Min(MaxValue, (long)Math.Ceiling(timeout.TotalSeconds));
        return seconds.ToString(CultureInfo.InvariantCulture) + "S";
    }
}
