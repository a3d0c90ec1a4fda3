using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Captures;

/// <summary>
/// Every frame real clients sent (ali-ons 3.12.0 and rocketmq-client-cpp 3.0, recorded by tests/interop/tools)
/// decodes, its typed header and body parse, and it re-encodes to an equivalent frame.
/// </summary>
public sealed class RealClientCaptureTests
{
    public static IEnumerable<object[]> Frames()
    {
        foreach (var file in Directory.GetFiles(CaptureDirectory(), "*.log").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                yield return [root.GetProperty("client").GetString()!, root.GetProperty("seq").GetInt32(), root.GetProperty("hex").GetString()!];
            }
        }
    }

    [Fact]
    public void Both_clients_were_recorded()
    {
        var clients = Frames().Select(f => (string)f[0]).Distinct().ToList();
        Assert.Contains(clients, c => c.StartsWith("ali-ons", StringComparison.Ordinal));
        Assert.Contains(clients, c => c.StartsWith("rocketmq-client-cpp", StringComparison.Ordinal));
        Assert.True(Frames().Count() > 100);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Captured_frame_decodes_parses_and_reencodes_equivalently(string client, int seq, string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame), $"{client} #{seq}");
        Assert.True(buffer.IsEmpty);
        using var command = RemotingCommandCodec.Decode(frame);

        ParseTypedParts(command);

        var again = RemotingCommandCodec.EncodeToArray(command);
        var reread = new ReadOnlySequence<byte>(again);
        Assert.True(RemotingFrameReader.TryReadFrame(ref reread, RemotingFrameReader.DefaultMaxFrameLength, out var frame2));
        using var roundTripped = RemotingCommandCodec.Decode(frame2);
        CommandAssert.Equal(command, roundTripped);
    }

    /// <summary>What the gateway will do with the request must not throw: its typed header and body decode.</summary>
    private static void ParseTypedParts(RemotingCommand command)
    {
        switch ((RequestCode)command.Code)
        {
            case RequestCode.GetRouteInfoByTopic:
                Assert.False(string.IsNullOrEmpty(GetRouteInfoRequestHeader.Decode(command).Topic));
                break;
            case RequestCode.SendMessage or RequestCode.SendMessageV2:
                var send = SendMessageRequestHeader.Decode(command);
                Assert.False(string.IsNullOrEmpty(send.Topic));
                MessageProperties.Parse(send.Properties);
                break;
            case RequestCode.SendBatchMessage:
                SendMessageRequestHeader.Decode(command);
                var reader = new BatchMessageReader(command.Body.Span);
                var count = 0;
                while (reader.TryReadNext(out _))
                {
                    count++;
                }
                Assert.True(count > 0);
                break;
            case RequestCode.HeartBeat:
                Assert.False(string.IsNullOrEmpty(HeartbeatData.FromJson(command.Body.Span).ClientID));
                break;
            case RequestCode.PullMessage:
                PullMessageRequestHeader.Decode(command);
                break;
            case RequestCode.QueryConsumerOffset:
                QueryConsumerOffsetRequestHeader.Decode(command);
                break;
            case RequestCode.UpdateConsumerOffset:
                UpdateConsumerOffsetRequestHeader.Decode(command);
                break;
            case RequestCode.GetConsumerListByGroup:
                GetConsumerListByGroupRequestHeader.Decode(command);
                break;
            case RequestCode.UnregisterClient:
                UnregisterClientRequestHeader.Decode(command);
                break;
            case RequestCode.ConsumerSendMsgBack:
                ConsumerSendMsgBackRequestHeader.Decode(command);
                break;
        }
    }

    private static string CaptureDirectory([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "..", "Fixtures", "captures");
}
