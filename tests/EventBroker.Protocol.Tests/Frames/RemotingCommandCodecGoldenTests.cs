using System.Buffers;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

/// <summary>Frames produced by the real RocketMQ 4.9.4 classes must decode, and re-encode byte for byte.</summary>
public class RemotingCommandCodecGoldenTests
{
    [Theory]
    [MemberData(nameof(FrameFixtures.All), MemberType = typeof(FrameFixtures))]
    public void Encode_of_a_decoded_golden_frame_reproduces_it(string fixture)
    {
        var bytes = FrameFixtures.Load(fixture);
        using var command = FrameBytes.Decode(bytes);

        Assert.Equal(Hex.Format(bytes), Hex.Format(RemotingCommandCodec.EncodeToArray(command)));

        var writer = new ArrayBufferWriter<byte>();
        RemotingCommandCodec.Encode(command, writer);
        Assert.Equal(Hex.Format(bytes), Hex.Format(writer.WrittenSpan));

        Assert.Equal(bytes.Length, RemotingCommandCodec.GetEncodedLength(command));
    }

    [Theory]
    [InlineData(FrameFixtures.JsonRequestGetRouteInfo, SerializeType.Json)]
    [InlineData(FrameFixtures.BinaryRequestGetRouteInfo, SerializeType.RocketMq)]
    public void Decode_route_request_reads_every_field(string fixture, SerializeType type)
    {
        using var command = FrameBytes.Decode(FrameFixtures.Load(fixture));

        Assert.Equal((int)RequestCode.GetRouteInfoByTopic, command.Code);
        Assert.Equal(LanguageCode.JAVA, command.Language);
        Assert.Equal(MQVersion.V4_9_4, command.Version);
        Assert.Equal(5, command.Opaque);
        Assert.Equal(0, command.Flag);
        Assert.Null(command.Remark);
        Assert.Equal(type, command.SerializeType);
        Assert.Equal(new Dictionary<string, string> { ["topic"] = "TopicTest" }, command.ExtFields);
        Assert.True(command.Body.IsEmpty);
        Assert.Equal("TopicTest", GetRouteInfoRequestHeader.Decode(command).Topic);
    }

    [Theory]
    [InlineData(FrameFixtures.JsonResponseSendMessageV2, SerializeType.Json)]
    [InlineData(FrameFixtures.BinaryResponseSendMessageV2, SerializeType.RocketMq)]
    public void Decode_send_response_reads_every_field(string fixture, SerializeType type)
    {
        using var command = FrameBytes.Decode(FrameFixtures.Load(fixture));

        Assert.Equal((int)ResponseCode.Success, command.Code);
        Assert.Equal(0, command.Version);
        Assert.True(command.IsResponse);
        Assert.Equal(type, command.SerializeType);
        var header = SendMessageResponseHeader.Decode(command);
        Assert.Equal("0A00000100002A9F0000000000000000", header.MsgId);
        Assert.Equal(1, header.QueueId);
        Assert.Equal(7, header.QueueOffset);
        Assert.Null(header.TransactionId);
        Assert.Equal(SendMessageResponseHeader.DefaultRegion, header.MsgRegion);
        Assert.True(header.TraceOn);
    }

    [Theory]
    [InlineData(FrameFixtures.JsonResponseSendMessageV2, SerializeType.Json)]
    [InlineData(FrameFixtures.BinaryResponseSendMessageV2, SerializeType.RocketMq)]
    public void Encode_of_a_send_response_built_as_the_gateway_does_matches_the_java_broker(string fixture, SerializeType type)
    {
        var request = new RemotingCommand { Code = (int)RequestCode.SendMessageV2, Opaque = 5, SerializeType = type };
        using var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new SendMessageResponseHeader
        {
            MsgId = "0A00000100002A9F0000000000000000",
            QueueId = 1,
            QueueOffset = 7,
            MsgRegion = SendMessageResponseHeader.DefaultRegion,
            TraceOn = true,
        }.EncodeTo(response);

        Assert.Equal(Hex.Format(FrameFixtures.Load(fixture)), Hex.Format(RemotingCommandCodec.EncodeToArray(response)));
    }

    [Theory]
    [InlineData(FrameFixtures.JsonRequestGetRouteInfo, SerializeType.Json)]
    [InlineData(FrameFixtures.BinaryRequestGetRouteInfo, SerializeType.RocketMq)]
    public void Encode_of_a_route_request_built_as_a_client_does_matches_the_java_client(string fixture, SerializeType type)
    {
        using var request = RemotingCommand.CreateRequest((int)RequestCode.GetRouteInfoByTopic);
        request.Language = LanguageCode.JAVA;
        request.Opaque = 5;
        request.SerializeType = type;
        new GetRouteInfoRequestHeader { Topic = "TopicTest" }.EncodeTo(request);

        Assert.Equal(Hex.Format(FrameFixtures.Load(fixture)), Hex.Format(RemotingCommandCodec.EncodeToArray(request)));
    }
}
