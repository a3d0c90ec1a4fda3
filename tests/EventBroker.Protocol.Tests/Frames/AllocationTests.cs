using System.Buffers;
using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

/// <summary>The write path runs for every response: it must not allocate once pools and JIT are warm.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Encode_of_a_send_response_allocates_nothing(SerializeType type)
    {
        var request = new RemotingCommand { Code = (int)RequestCode.SendMessageV2, Opaque = 5, SerializeType = type };
        using var response = RemotingCommand.CreateResponse(request, ResponseCode.Success, "remark with \"quotes\" and 中文");
        new SendMessageResponseHeader
        {
            MsgId = "0A00000100002A9F0000000000000000",
            QueueId = 1,
            QueueOffset = 7,
            MsgRegion = SendMessageResponseHeader.DefaultRegion,
            TraceOn = true,
        }.EncodeTo(response);
        response.Body = new byte[300];
        var output = new ArrayBufferWriter<byte>(4096);

        for (var i = 0; i < 10; i++)
        {
            output.ResetWrittenCount();
            RemotingCommandCodec.Encode(response, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            RemotingCommandCodec.Encode(response, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TryReadFrame_allocates_nothing()
    {
        var bytes = FrameFixtures.Load(FrameFixtures.JsonRequestGetRouteInfo);
        var segmented = SequenceFactory.Split(bytes, 3, 9, 40);
        ReadFrames(segmented, 10);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ReadFrames(segmented, 100);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void ReadFrames(ReadOnlySequence<byte> input, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var buffer = input;
            Assert.True(RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out _));
        }
    }
}
