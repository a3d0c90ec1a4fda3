using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.Tests.EventStore.Grpc;
using EventBroker.Storage.Tests.EventStore.Recordings;

namespace EventBroker.Storage.Tests.EventStore.Client;

/// <summary>The recorded error answers (all Trailers-Only) mapped to the client's typed exceptions.</summary>
public sealed class EventStoreErrorsTests
{
    [Fact]
    public void Not_leader_names_the_leader_and_is_transient()
    {
        var error = Map("21-cluster-not-leader-append", 12);

        var notLeader = Assert.IsType<NotLeaderException>(error);
        Assert.Equal(new NodeEndpoint("127.0.0.1", 2124), notLeader.Leader);
        Assert.True(notLeader.IsTransient);
        Assert.Contains("127.0.0.1:2124", notLeader.Message);
    }

    [Fact]
    public void Stream_deleted_names_the_stream()
    {
        var recording = Recording.Load("11-tombstone-then-append");
        var line = recording.Lines.First(l => l.Kind == "response_trailers_only");

        var error = Assert.IsType<StreamDeletedException>(Map(recording.Name, line.Seq));

        Assert.Equal(line.Header("stream-name"), error.Stream);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Maximum_append_size_gives_the_limit()
    {
        var recording = Recording.Load("13-append-too-large");
        var line = recording.Lines.Single(l => l.Kind == "response_trailers_only");

        Assert.Equal(1024, Assert.IsType<MaximumAppendSizeExceededException>(Map(recording.Name, line.Seq)).MaxAppendSize);
    }

    [Fact]
    public void Wrong_expected_version_of_a_delete_gives_the_internal_numbers()
    {
        var recording = Recording.Load("25-delete-wrong-expected-version");
        var errors = recording.Lines.Where(l => l.Kind == "response_trailers_only").Select(l => Assert.IsType<WrongExpectedVersionException>(Map(recording.Name, l.Seq))).ToList();

        Assert.Equal([(5L, (long?)1L), (-1L, 1L), (-2L, -1L)], errors.Select(e => (e.ExpectedVersion, e.ActualVersion)));
    }

    [Fact]
    public void Status_errors_without_an_exception_key_keep_their_code_and_are_not_retried()
    {
        var recording = Recording.Load("24-raw-invalid-requests");

        var invalid = Map(recording.Name, 5);
        var handler = Map(recording.Name, 10);

        Assert.Equal((GrpcStatusCode.InvalidArgument, false), (invalid.Code, invalid.IsTransient));
        Assert.Equal((GrpcStatusCode.Unknown, false), (handler.Code, handler.IsTransient));
        Assert.Contains("The combination of (Stream, Subscription, Backwards, NoFilter) is invalid.", invalid.Message);
    }

    [Theory]
    [InlineData(14, "Server Is Not Ready")]
    [InlineData(4, "no answer within 1000 ms")]
    [InlineData(10, "Operation timed out: commit")]
    [InlineData(2, "No leader info available in response")]
    public void Unavailable_timeouts_and_leaderless_nodes_are_transient(int code, string message)
    {
        var error = EventStoreErrors.From(new GrpcCallException("10.0.0.1:2113", "/x", GrpcStatus.Create((GrpcStatusCode)code, message)));

        Assert.IsType<NodeUnavailableException>(error);
        Assert.Contains("10.0.0.1:2113", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Permission_denied_is_access_denied()
        => Assert.IsType<AccessDeniedException>(EventStoreErrors.From(new GrpcCallException("n:1", "/x", GrpcStatus.Create(GrpcStatusCode.PermissionDenied, "Access Denied"))));

    private static EventStoreClientException Map(string recording, int seq)
    {
        var line = Recording.Load(recording).At(seq);
        var status = GrpcStatus.TryRead(GrpcStatusTests.Headers(line))!;
        return EventStoreErrors.From(new GrpcCallException("127.0.0.1:2114", line.Method!, status));
    }
}
