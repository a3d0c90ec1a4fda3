using EventBroker.Storage.EventStore;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos.Streams;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Google.Protobuf;

namespace EventBroker.Storage.Tests.EventStore.Wire;

/// <summary>
/// The requests the client builds, against the recorded requests of the same scenarios: byte for byte where the
/// recorded request used the same options (the .NET-style RAW reads, options messages, deletes), field by field where
/// the official Node client chose otherwise (string UUIDs, no compatibility option).
/// </summary>
public sealed class RequestEncodingTests
{
    [Theory]
    [InlineData("01-append-no-stream", 3, "capture-s01", "no_stream")]
    [InlineData("02-append-wrong-expected-version", 3, "capture-s01", "5")]
    [InlineData("21-cluster-not-leader-append", 9, "capture-s21", "any")]
    public void Append_options_are_byte_identical(string recording, int seq, string stream, string expected)
    {
        var revision = expected switch
        {
            "no_stream" => ExpectedRevision.NoStream,
            "any" => ExpectedRevision.Any,
            _ => ExpectedRevision.Exact(ulong.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)),
        };

        var options = StreamsRequests.AppendOptions(stream, revision);

        Assert.Equal(Hex(Recording.Load(recording).At(seq).Bytes), Hex(options.ToByteArray()));
    }

    [Fact]
    public void Proposed_events_carry_the_recorded_fields_with_a_structured_id()
    {
        var recording = Recording.Load("01-append-no-stream");
        foreach (var seq in new[] { 4, 5, 6 })
        {
            var recorded = AppendReq.Parser.ParseFrom(recording.At(seq).Bytes).ProposedMessage;
            var id = Uuids.ToGuid(recorded.Id);

            var ours = StreamsRequests.Proposed(new ProposedEvent(id, recorded.Metadata["type"], recorded.Metadata["content-type"], recorded.CustomMetadata.Memory, recorded.Data.Memory))
                .ProposedMessage;

            Assert.Equal(id, Uuids.ToGuid(ours.Id));
            Assert.Equal(recorded.Metadata, ours.Metadata);
            Assert.Equal(recorded.CustomMetadata, ours.CustomMetadata);
            Assert.Equal(recorded.Data, ours.Data);
            // With the id in the structured form, the rest of the message is byte for byte the official client's.
            recorded.Id = Uuids.ToStructured(id);
            Assert.Equal(Hex(recorded.ToByteArray()), Hex(ours.ToByteArray()));
        }
    }

    [Fact]
    public void Store_events_are_binary_with_the_timestamp_as_custom_metadata()
    {
        var e = new EventToAppend(Guid.Parse("0e7a1e5c-0000-4000-8000-000000000001"), "record"u8.ToArray(), 1763730191295);

        var message = StreamsRequests.Proposed(EventRecordFormat.ToProposed(e)).ProposedMessage;

        Assert.Equal(("eventbroker.event", "application/octet-stream"), (message.Metadata["type"], message.Metadata["content-type"]));
        Assert.Equal("{\"timestampMs\":1763730191295}", message.CustomMetadata.ToStringUtf8());
        Assert.True(EventRecordFormat.TryReadTimestamp(message.CustomMetadata.Span, out var ms));
        Assert.Equal(1763730191295, ms);
        Assert.Equal("record", message.Data.ToStringUtf8());
    }

    [Theory]
    [InlineData(3, "capture-s01", null, 2ul)]
    [InlineData(12, "capture-s01", 5ul, 10ul)]
    [InlineData(20, "capture-missing", null, 10ul)]
    public void Stream_reads_are_byte_identical_to_the_dotnet_style_requests(int seq, string stream, ulong? from, ulong count)
    {
        var request = StreamsRequests.ReadStream(stream, from, backwards: false, count);

        Assert.Equal(Hex(Recording.Load("17-raw-read-compat1-structured").At(seq).Bytes), Hex(request.ToByteArray()));
    }

    [Fact]
    public void The_log_end_read_is_byte_identical_to_the_dotnet_style_request()
    {
        Assert.Equal(Hex(Recording.Load("17-raw-read-compat1-structured").At(27).Bytes), Hex(StreamsRequests.ReadAllBackwardsFromEnd(1).ToByteArray()));
    }

    [Fact]
    public void A_read_by_position_asks_for_all_from_that_position_as_the_official_client_did()
    {
        var recorded = ReadReq.Parser.ParseFrom(Recording.Load("09-read-all-from-position").At(4).Bytes).Options;

        var ours = StreamsRequests.ReadAll(733, 733, 1).Options;

        Assert.Equal(recorded.All, ours.All);
        Assert.Equal((recorded.Count, recorded.ReadDirection, recorded.FilterOptionCase), (ours.Count, ours.ReadDirection, ours.FilterOptionCase));
        Assert.Equal(ReadReq.Types.Options.Types.UUIDOption.ContentOneofCase.Structured, ours.UuidOption.ContentCase);
    }

    [Fact]
    public void The_append_watch_is_a_filtered_all_subscription_like_the_official_clients()
    {
        var recorded = ReadReq.Parser.ParseFrom(Recording.Load("08-subscribe-all-filtered").Lines.First(l => l.Kind == "request_message").Bytes).Options;

        var fromEnd = StreamsRequests.SubscribeToAll(["capture-s08-"], null, window: 32, checkpointMultiplier: 1).Options;
        var resumed = StreamsRequests.SubscribeToAll(["capture-s08-"], (3039, 3039), window: 32, checkpointMultiplier: 1).Options;

        Assert.Equal(recorded.All, fromEnd.All);
        Assert.Equal(recorded.Subscription, fromEnd.Subscription);
        Assert.Equal(recorded.Filter.StreamIdentifier, fromEnd.Filter.StreamIdentifier);
        Assert.Equal(recorded.Filter.CheckpointIntervalMultiplier, fromEnd.Filter.CheckpointIntervalMultiplier);
        Assert.Equal(32u, fromEnd.Filter.Max);
        Assert.Equal((3039ul, 3039ul), (resumed.All.Position.CommitPosition, resumed.All.Position.PreparePosition));
    }

    [Fact]
    public void Delete_with_any_is_byte_identical()
    {
        Assert.Equal(Hex(Recording.Load("24-raw-invalid-requests").At(27).Bytes), Hex(StreamsRequests.Delete("capture-s24", ExpectedRevision.Any).ToByteArray()));
        Assert.Equal(Hex(Recording.Load("10-soft-delete-then-read").At(10).Bytes), Hex(StreamsRequests.Delete("capture-s10", ExpectedRevision.Exact(0)).ToByteArray()));
    }

    [Fact]
    public void Metadata_writes_go_to_the_metastream_as_json_like_the_official_client()
    {
        var recording = Recording.Load("06-stream-metadata");
        var options = AppendReq.Parser.ParseFrom(recording.Lines.First(l => l.Kind == "request_message").Bytes).Options;
        var proposed = AppendReq.Parser.ParseFrom(recording.Lines.Where(l => l.Kind == "request_message").ElementAt(1).Bytes).ProposedMessage;

        Assert.Equal("$$capture-s06", options.StreamIdentifier.StreamName.ToStringUtf8());
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Any, options.ExpectedStreamRevisionCase);
        Assert.Equal(("$metadata", "application/json"), (proposed.Metadata["type"], proposed.Metadata["content-type"]));
        Assert.Equal(StreamsRequests.Stream("$$capture-s06"), options.StreamIdentifier);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
