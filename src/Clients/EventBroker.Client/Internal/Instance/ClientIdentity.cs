using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EventBroker.Client.Internal.Instance;

/// <summary>The client id brokers know this client by: <c>ip@instanceName</c> (ClientConfig.buildMQClientId).</summary>
internal static class ClientIdentity
{
    public static string Create(EventBrokerClientOptions options)
    {
        var ip = options.ClientIp ?? LocalAddress();
        // changeInstanceNameToPID: pid plus a clock reading, so two clients in one process are two members.
        var instance = options.InstanceName ?? $"{Environment.ProcessId}#{Stopwatch.GetTimestamp()}";
        return ip + "@" + instance;
    }

    /// <summary>RemotingUtil.getLocalAddress: the first non-loopback IPv4 address of an interface that is up.</summary>
    private static string LocalAddress()
    {
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up)
                {
                    continue;
                }
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                    {
                        return unicast.Address.ToString();
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information (sandboxed hosts): loopback below.
        }
        return IPAddress.Loopback.ToString();
    }
}
