using EventBroker.Storage.EventStore;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.ServerFeatures;
using EventBroker.Storage.EventStore.Protos.Streams;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Rpc = EventBroker.Storage.EventStore.Protos.Rpc;

namespace EventBroker.Storage.Tests.EventStore.Wire;

/// <summary>The fields the store relies on, read from the server's recorded answers with the generated classes.</summary>
public sealed class RecordedResponseTests
{
    [Fact]
    public void Append_success_gives_the_last_revision_and_its_position()
    {
        var response = AppendResp.Parser.ParseFrom(Recording.Load("01-append-no-stream").At(9).Bytes);

        Assert.Equal(new AppendOutcome(true, 2, 967, 967), AppendOutcome.From(response));
    }

    [Fact]
    public void Append_wrong_expected_version_is_a_message_with_the_current_revision_in_old_and_new_fields()
    {
        var recording = Recording.Load("02-append-wrong-expected-version");
        var expected5 = AppendResp.Parser.ParseFrom(recording.At(7).Bytes).WrongExpectedVersion;
        var expectedNoStream = AppendResp.Parser.ParseFrom(recording.At(15).Bytes);

        Assert.Equal((2ul, 2ul, 5ul, 5ul), (expected5.CurrentRevision, expected5.CurrentRevision2060, expected5.ExpectedRevision, expected5.ExpectedRevision2060));
        Assert.Equal(ulong.MaxValue, expectedNoStream.WrongExpectedVersion.ExpectedRevision2060);
        Assert.Equal(AppendResp.Types.WrongExpectedVersion.ExpectedRevisionOptionOneofCase.ExpectedNoStream, expectedNoStream.WrongExpectedVersion.ExpectedRevisionOptionCase);
        Assert.Equal(new AppendOutcome(false, 2, null, null), AppendOutcome.From(expectedNoStream));
        Assert.Equal("0", recording.At(16).Header("grpc-status"));
    }

    [Fact]
    public void Read_event_carries_id_stream_revision_positions_metadata_and_data()
    {
        var recording = Recording.Load("03-read-forwards-from-1");
        var events = recording.Lines.Where(l => l.Kind == "response_message").Select(l => ReadResp.Parser.ParseFrom(l.Bytes).Event).ToList();

        Assert.Equal(2, events.Count);
        var e = events[0].Event;
        Assert.Equal("capture-s01", EventRecordFormat.StreamOf(e));
        Assert.Equal(1ul, e.StreamRevision);
        Assert.Equal((850ul, 850ul, 850ul), (e.PreparePosition, e.CommitPosition, events[0].CommitPosition));
        Assert.Equal(Guid.Parse("0e7a1e5c-0000-4000-8000-000000000002"), Uuids.ToGuid(e.Id));
        Assert.Equal(["type", "created", "content-type"], e.Metadata.Keys);
        Assert.Equal(("TestEvent", "application/json"), (e.Metadata["type"], e.Metadata["content-type"]));
        Assert.Equal("{\"n\":2}", e.Data.ToStringUtf8());
        Assert.Equal(2ul, events[1].Event.StreamRevision);
        Assert.Equal("{\"m\":true}", events[1].Event.CustomMetadata.ToStringUtf8());
    }

    [Fact]
    public void Created_is_dotnet_ticks_since_the_unix_epoch_and_is_the_fallback_timestamp()
    {
        var e = ReadResp.Parser.ParseFrom(Recording.Load("01-append-no-stream").At(16).Bytes).Event.Event;

        // "17952661912953346": the recording was made on 2026-11-21.
        var expected = new DateTimeOffset(2026, 11, 21, 13, 3, 11, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.InRange(EventRecordFormat.TimestampOf(e), expected - 1000, expected + 1000);
    }

    [Fact]
    public void Structured_ids_name_the_same_events_as_string_ids()
    {
        var structured = ReadResp.Parser.ParseFrom(Recording.Load("17-raw-read-compat1-structured").At(6).Bytes).Event.Event;
        var text = ReadResp.Parser.ParseFrom(Recording.Load("01-append-no-stream").At(16).Bytes).Event.Event;

        Assert.Equal(UUID.ValueOneofCase.Structured, structured.Id.ValueCase);
        Assert.Equal((1043179644175532032L, -9223372036854775807L), (structured.Id.Structured.MostSignificantBits, structured.Id.Structured.LeastSignificantBits));
        Assert.Equal(Uuids.ToGuid(text.Id), Uuids.ToGuid(structured.Id));
        Assert.Equal(structured.Id, Uuids.ToStructured(Guid.Parse("0e7a1e5c-0000-4000-8000-000000000001")));
    }

    [Fact]
    public void Compatibility_1_reports_the_last_revision_and_where_events_resume()
    {
        var recording = Recording.Load("17-raw-read-compat1-structured");

        Assert.Equal(2ul, ReadResp.Parser.ParseFrom(recording.At(8).Bytes).LastStreamPosition);
        Assert.Equal(3ul, ReadResp.Parser.ParseFrom(recording.At(15).Bytes).FirstStreamPosition);
        Assert.Equal(2ul, ReadResp.Parser.ParseFrom(recording.At(16).Bytes).LastStreamPosition);
    }

    [Fact]
    public void A_missing_stream_is_a_message_with_status_0()
    {
        var recording = Recording.Load("04-read-missing-stream");
        var response = ReadResp.Parser.ParseFrom(recording.Lines.Single(l => l.Kind == "response_message").Bytes);

        Assert.Equal(ReadResp.ContentOneofCase.StreamNotFound, response.ContentCase);
        Assert.Equal("0", recording.Lines.Single(l => l.Kind == "response_trailers").Header("grpc-status"));
    }

    [Fact]
    public void A_soft_deleted_stream_reads_as_missing_and_its_metadata_holds_tb_max()
    {
        var recording = Recording.Load("10-soft-delete-then-read");
        var deleted = DeleteResp.Parser.ParseFrom(recording.At(13).Bytes);
        var metadata = ReadResp.Parser.ParseFrom(recording.At(27).Bytes).Event.Event;

        Assert.Equal(1960ul, deleted.Position.CommitPosition);
        Assert.Equal(ReadResp.ContentOneofCase.StreamNotFound, ReadResp.Parser.ParseFrom(recording.At(20).Bytes).ContentCase);
        Assert.Equal("$metadata", metadata.Metadata["type"]);
        Assert.Equal("{\"$tb\":9223372036854775807}", metadata.Data.ToStringUtf8());
    }

    [Fact]
    public void Subscription_sends_confirmation_caught_up_checkpoint_and_events()
    {
        var recording = Recording.Load("19-subscribe-all-filtered-checkpoint");
        var messages = recording.Lines.Where(l => l is { Kind: "response_message", Call: 1 }).Select(l => ReadResp.Parser.ParseFrom(l.Bytes)).ToList();

        Assert.Equal([ReadResp.ContentOneofCase.Confirmation, ReadResp.ContentOneofCase.CaughtUp, ReadResp.ContentOneofCase.Checkpoint, ReadResp.ContentOneofCase.Event],
            messages.Select(m => m.ContentCase));
        Assert.Equal("72197d01-8078-4384-8033-6f5eaaf0fade", messages[0].Confirmation.SubscriptionId);
        Assert.Equal((3039ul, 3039ul), (messages[2].Checkpoint.CommitPosition, messages[2].Checkpoint.PreparePosition));
        Assert.Equal(("capture-s19", 3158ul), (EventRecordFormat.StreamOf(messages[3].Event.Event), messages[3].Event.Event.PreparePosition));
    }

    [Fact]
    public void Gossip_lists_members_with_structured_ids_ticks_states_and_client_endpoints()
    {
        var single = ClusterInfo.Parser.ParseFrom(Recording.Load("14-gossip-discovery").At(6).Bytes).Members.Single();
        var cluster = ClusterInfo.Parser.ParseFrom(Recording.Load("21-cluster-not-leader-append").At(6).Bytes);

        Assert.Equal(Guid.Parse("e1843ba4-11c0-47d1-ad9d-41073726d485"), Uuids.ToGuid(single.InstanceId));
        Assert.Equal(new DateTime(2026, 11, 21, 13, 2, 54, DateTimeKind.Utc).AddTicks(7671914), DateTime.UnixEpoch.AddTicks(single.TimeStamp));
        Assert.Equal((MemberInfo.Types.VNodeState.Leader, true, "127.0.0.1", 2114u), (single.State, single.IsAlive, single.HttpEndPoint.Address, single.HttpEndPoint.Port));
        Assert.Equal([(MemberInfo.Types.VNodeState.Follower, 2134u), (MemberInfo.Types.VNodeState.Leader, 2124u), (MemberInfo.Types.VNodeState.Follower, 2114u)],
            cluster.Members.Select(m => (m.State, m.HttpEndPoint.Port)));
    }

    [Fact]
    public void Batch_append_errors_travel_as_statuses_with_typed_details()
    {
        var recording = Recording.Load("16-batch-append-errors");
        var errors = recording.Lines.Where(l => l is { Kind: "response_message", Type: "event_store.client.streams.BatchAppendResp" })
            .Select(l => BatchAppendResp.Parser.ParseFrom(l.Bytes).Error)
            .ToList();

        Assert.Equal([Rpc.Code.AlreadyExists, Rpc.Code.InvalidArgument, Rpc.Code.NotFound], errors.Select(e => e.Code));
        var wrong = errors[0].Details.Unpack<WrongExpectedVersion>();
        Assert.Equal((1ul, WrongExpectedVersion.ExpectedStreamPositionOptionOneofCase.ExpectedNoStream), (wrong.CurrentStreamRevision, wrong.ExpectedStreamPositionOptionCase));
        Assert.Equal(1024u, errors[1].Details.Unpack<MaximumAppendSizeExceeded>().MaxAppendSize);
        Assert.StartsWith("capture-s11", errors[2].Details.Unpack<StreamDeleted>().StreamIdentifier.StreamName.ToStringUtf8());
    }

    [Fact]
    public void Server_features_list_batch_append_with_the_duration_deadline()
    {
        var features = SupportedMethods.Parser.ParseFrom(Recording.Load("15-batch-append").Lines.First(l => l.Type?.EndsWith("SupportedMethods") == true).Bytes);

        Assert.Equal("23.10.8", features.EventStoreServerVersion);
        var batchAppend = features.Methods.Single(m => m.MethodName == "batchappend");
        Assert.Equal("event_store.client.streams.streams", batchAppend.ServiceName);
        Assert.Contains("deadline_duration", batchAppend.Features);
    }
}
