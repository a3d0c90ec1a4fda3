using System.Runtime.CompilerServices;
using System.Text;

namespace EventBroker.Protocol.Tests.TestSupport;

/// <summary>
/// Golden frames in Fixtures/frames, found from this source file's location so the test project needs no
/// content items and never reads outside its own folder.
/// </summary>
public static class FrameFixtures
{
    public const string JsonRequestGetRouteInfo = "json-request-get-routeinfo.txt";
    public const string BinaryRequestGetRouteInfo = "binary-request-get-routeinfo.txt";
    public const string JsonResponseSendMessageV2 = "json-response-send-message-v2.txt";
    public const string BinaryResponseSendMessageV2 = "binary-response-send-message-v2.txt";

    public static IEnumerable<object[]> All =>
    [
        [JsonRequestGetRouteInfo],
        [BinaryRequestGetRouteInfo],
        [JsonResponseSendMessageV2],
        [BinaryResponseSendMessageV2],
    ];

    /// <summary>The frame's bytes: '{' lines are UTF-8 text, '#' lines comments, other lines hex.</summary>
    public static byte[] Load(string name)
    {
        var bytes = new List<byte>();
        foreach (var line in File.ReadAllLines(Path.Combine(Directory(), name)))
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            bytes.AddRange(line.StartsWith('{') ? Encoding.UTF8.GetBytes(line) : Hex.Parse(line));
        }

        return bytes.ToArray();
    }

    private static string Directory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "frames");
}
