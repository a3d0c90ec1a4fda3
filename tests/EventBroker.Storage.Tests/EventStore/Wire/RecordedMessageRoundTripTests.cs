using System.Text.Json.Nodes;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Google.Protobuf;

namespace EventBroker.Storage.Tests.EventStore.Wire;

/// <summary>
/// Every gRPC message in every recording, request or response, against the project's own .proto files: decoding the
/// recorded bytes with the generated class gives exactly the recorded JSON (so no field is missing, misnumbered or
/// mistyped: unknown fields would not appear in the JSON), and encoding gives the recorded bytes back.
/// </summary>
public sealed class RecordedMessageRoundTripTests
{
    public static TheoryData<string, int> Messages()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Recording.Names)
        {
            foreach (var line in Recording.Load(name).Messages)
            {
                data.Add(name, line.Seq);
            }
        }
        return data;
    }

    [Fact]
    public void The_fixtures_hold_every_recorded_message()
    {
        var all = Recording.Names.Select(Recording.Load).SelectMany(r => r.Messages).ToList();

        Assert.Equal(25, Recording.Names.Count());
        Assert.Equal(104, all.Count(l => l.Kind == "request_message"));
        Assert.Equal(70, all.Count(l => l.Kind == "response_message"));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Recorded_bytes_decode_to_the_recorded_fields(string recording, int seq)
    {
        var line = Recording.Load(recording).At(seq);
        var descriptor = ProtoTypes.Find(line.Type!);

        var message = descriptor.Parser.ParseFrom(line.Bytes);

        var decoded = JsonNode.Parse(ProtoTypes.Formatter.Format(message));
        Assert.True(JsonNode.DeepEquals(line.Message, decoded),
            $"{recording} #{seq} {line.Type}\nrecorded: {line.Message!.ToJsonString()}\ndecoded:  {decoded!.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Recorded_fields_encode_to_the_recorded_bytes(string recording, int seq)
    {
        var line = Recording.Load(recording).At(seq);
        var descriptor = ProtoTypes.Find(line.Type!);

        var fromJson = ProtoTypes.Parser.Parse(line.Message!.ToJsonString(), descriptor);
        var reencoded = descriptor.Parser.ParseFrom(line.Bytes).ToByteArray();

        Assert.Equal(Convert.ToHexString(line.Bytes), Convert.ToHexString(fromJson.ToByteArray()));
        Assert.Equal(Convert.ToHexString(line.Bytes), Convert.ToHexString(reencoded));
    }
}
