using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.Streams;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>
/// The client against <see cref="RecordedEventStoreServer"/>: real HTTP/2 (h2c) calls answered with the recorded
/// responses. These prove the client's logic; the recordings prove the wire.
/// </summary>
public sealed class ClientStateMachineTests : IAsyncLifetime
{
    // Replayed exchanges are consumed once, so a retry caused by a slow first attempt (a loaded CI machine starting
    // Kestrel and HTTP/2) would find none left: attempts get time here; the timing tests set their own budgets.
    private static readonly ResilienceOptions Quick = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(8),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private static readonly ResilienceOptions TwoSecondBudget = Quick with { OperationTimeout = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(1) };

    private RecordedEventStoreServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordedEventStoreServer.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Append_sends_options_then_events_to_the_leader_and_reads_the_success()
    {
        _server.Replay(Recording.Load("01-append-no-stream"), 1);
        await using var client = Client(_server.ConnectionString());

        var outcome = await client.AppendAsync("capture-s01", ExpectedRevision.NoStream, Events(3), default);

        Assert.Equal(new AppendOutcome(true, 2, 967, 967), outcome);
        var call = Assert.Single(_server.Received);
        Assert.Equal(("/event_store.client.streams.Streams/Append", "application/grpc", "trailers", "true"),
            (call.Method, call.Header("content-type"), call.Header("te"), call.Header("requires-leader")));
        Assert.Equal($"{(int)Quick.AttemptTimeout.TotalMilliseconds}m", call.Header("grpc-timeout")); // the attempt's deadline
        Assert.Equal(4, call.Requests.Count);
        Assert.Equal(Recording.Load("01-append-no-stream").At(3).Bytes, call.Requests[0]);
        Assert.Equal(AppendReq.ContentOneofCase.ProposedMessage, AppendReq.Parser.ParseFrom(call.Requests[3]).ContentCase);
    }

    [Fact]
    public async Task Wrong_expected_version_is_an_outcome_with_the_current_revision_not_an_error()
    {
        _server.Replay(Recording.Load("02-append-wrong-expected-version"), 1);
        await using var client = Client(_server.ConnectionString());

        var outcome = await client.AppendAsync("capture-s01", ExpectedRevision.Exact(5), Events(1), default);

        Assert.Equal(new AppendOutcome(false, 2, null, null), outcome);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task Read_collects_the_events_in_order()
    {
        _server.Replay(Recording.Load("03-read-forwards-from-1"), 1);
        await using var client = Client(_server.ConnectionString());

        var result = await client.ReadAsync(StreamsRequests.ReadStream("capture-s01", 1, false, 10), long.MaxValue, fromLeader: false, default);

        Assert.Equal([1ul, 2ul], result.Events.Select(e => e.StreamRevision));
        Assert.False(result.StreamNotFound);
    }

    [Fact]
    public async Task Read_stops_before_the_event_that_passes_the_byte_limit_but_keeps_one()
    {
        _server.Replay(Recording.Load("03-read-forwards-from-1"), 1, 1);
        await using var client = Client(_server.ConnectionString());

        var one = await client.ReadAsync(StreamsRequests.ReadStream("capture-s01", 1, false, 10), maxDataBytes: 1, fromLeader: false, default);
        var both = await client.ReadAsync(StreamsRequests.ReadStream("capture-s01", 1, false, 10), maxDataBytes: 17, fromLeader: false, default);

        Assert.Equal((1, true), (one.Events.Count, one.StoppedEarly));
        Assert.Equal((2, false), (both.Events.Count, both.StoppedEarly));
    }

    [Fact]
    public async Task A_missing_stream_reads_as_not_found()
    {
        _server.Replay(Recording.Load("04-read-missing-stream"), 1);
        await using var client = Client(_server.ConnectionString());

        var result = await client.ReadAsync(StreamsRequests.ReadStream("capture-missing", null, false, 10), long.MaxValue, fromLeader: false, default);

        Assert.True(result.StreamNotFound);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Subscription_streams_confirmation_caught_up_checkpoint_and_events_until_cancelled()
    {
        _server.Replay(Recording.Load("19-subscribe-all-filtered-checkpoint"), 1);
        await using var client = Client(_server.ConnectionString());
        using var cts = new CancellationTokenSource();

        var seen = new List<ReadResp.ContentOneofCase>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var message in client.SubscribeAsync(StreamsRequests.SubscribeToAll(["mq/"], null, 32, 1), cts.Token))
            {
                seen.Add(message.ContentCase);
                if (message.ContentCase == ReadResp.ContentOneofCase.Event)
                {
                    cts.Cancel();
                }
            }
        });

        Assert.Equal([ReadResp.ContentOneofCase.Confirmation, ReadResp.ContentOneofCase.CaughtUp, ReadResp.ContentOneofCase.Checkpoint, ReadResp.ContentOneofCase.Event], seen);
        var call = Assert.Single(_server.Received);
        // Cancelling reset the HTTP/2 stream: the server saw the call aborted.
        await call.Aborted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(call.Header("grpc-timeout"));
    }

    [Fact]
    public async Task Not_leader_moves_writes_to_the_leader_it_names_and_retries_at_once()
    {
        // Straight to the follower that was node 3 (port 2134) in the recording, as a stale configuration would.
        _server.Replay(Recording.Load("21-cluster-not-leader-append"), 2, 3);
        await using var client = Client(_server.ConnectionString(node: 2));

        var outcome = await client.AppendAsync("capture-s21", ExpectedRevision.Any, Events(1), default);

        Assert.Equal(new AppendOutcome(true, 0, 1103, 1103), outcome);
        Assert.Equal([(2, "true"), (1, "true")], _server.Received.Select(c => (c.Node, c.Header("requires-leader"))));
    }

    [Fact]
    public async Task Discovery_gossips_through_a_seed_and_writes_to_the_leader()
    {
        var recording = Recording.Load("21-cluster-not-leader-append");
        _server.Replay(recording, 1, 3);
        await using var client = Client($"esdb+discover://127.0.0.1:{_server.Ports[0]}?tls=false");

        var outcome = await client.AppendAsync("capture-s21", ExpectedRevision.Any, Events(1), default);

        Assert.True(outcome.Succeeded);
        Assert.Equal([(0, EventStoreMethods.GossipRead), (1, EventStoreMethods.Append)], _server.Received.Select(c => (c.Node, c.Method)));
    }

    [Fact]
    public async Task Follower_preference_sends_reads_to_a_follower_without_requires_leader()
    {
        _server.Replay(Recording.Load("21-cluster-not-leader-append"), 1);
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("03-read-forwards-from-1"), 1, node: 2));
        await using var client = Client($"esdb+discover://127.0.0.1:{_server.Ports[0]}?tls=false&nodePreference=follower");

        var result = await client.ReadAsync(StreamsRequests.ReadStream("capture-s01", 1, false, 10), long.MaxValue, fromLeader: false, default);

        Assert.Equal(2, result.Events.Count);
        var read = _server.Received.Last();
        Assert.Equal((2, null), (read.Node, read.Header("requires-leader")));
    }

    [Fact]
    public async Task A_lost_leader_is_forgotten_and_the_next_attempt_finds_the_new_one()
    {
        var recording = Recording.Load("21-cluster-not-leader-append");
        _server.Replay(recording, 1);
        _server.Enqueue(RecordedExchange.Failure(EventStoreMethods.Append, GrpcStatusCode.Unavailable, "Server Is Not Ready") with { Node = 1 });
        // The cluster after an election: the node recorded on port 2134 leads, 2124 follows.
        var elected = ClusterInfo.Parser.ParseFrom(recording.At(6).Bytes);
        (elected.Members[0].State, elected.Members[1].State) = (MemberInfo.Types.VNodeState.Leader, MemberInfo.Types.VNodeState.Follower);
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.GossipRead, elected));
        _server.Enqueue(RecordedExchange.FromCall(recording, 3, node: 2));
        await using var client = Client($"esdb+discover://127.0.0.1:{_server.Ports[0]}?tls=false");

        var outcome = await client.AppendAsync("capture-s21", ExpectedRevision.Any, Events(1), default);

        Assert.True(outcome.Succeeded);
        Assert.Equal([EventStoreMethods.GossipRead, EventStoreMethods.Append, EventStoreMethods.GossipRead, EventStoreMethods.Append], _server.Received.Select(c => c.Method));
        Assert.Equal([1, 2], _server.Received.Where(c => c.Method == EventStoreMethods.Append).Select(c => c.Node));
    }

    [Theory]
    [InlineData("11-tombstone-then-append", 3, typeof(StreamDeletedException))]
    [InlineData("13-append-too-large", 1, typeof(MaximumAppendSizeExceededException))]
    public async Task Errors_in_trailers_only_answers_are_typed_and_not_retried(string name, int call, Type expected)
    {
        _server.Replay(Recording.Load(name), call);
        await using var client = Client(_server.ConnectionString());

        var error = await Assert.ThrowsAnyAsync<EventStoreClientException>(() => client.AppendAsync("capture", ExpectedRevision.Any, Events(1), default));

        Assert.IsType(expected, error);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task Delete_wrong_expected_version_comes_from_the_trailers()
    {
        _server.Replay(Recording.Load("25-delete-wrong-expected-version"), 4);
        await using var client = Client(_server.ConnectionString());

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.DeleteAsync("capture-missing-25", ExpectedRevision.Any, default));

        Assert.Equal(("capture-missing-25", -2L, (long?)-1L), (error.Stream, error.ExpectedVersion, error.ActualVersion));
    }

    [Fact]
    public async Task An_error_status_in_the_trailers_after_messages_is_raised_with_its_keys()
    {
        var recording = Recording.Load("03-read-forwards-from-1");
        _server.Enqueue(RecordedExchange.FromCall(recording, 1) with
        {
            Trailers = Recording.Load("11-tombstone-then-append").At(25).Headers.Where(h => h.Key is "exception" or "stream-name" or "grpc-status" or "grpc-message").ToList(),
        });
        await using var client = Client(_server.ConnectionString());

        var error = await Assert.ThrowsAsync<StreamDeletedException>(() => client.ReadAsync(StreamsRequests.ReadStream("capture-s01", 1, false, 10), long.MaxValue, false, default));

        Assert.Equal("capture-s11", error.Stream);
    }

    [Fact]
    public async Task An_unreachable_node_fails_within_the_budget_naming_the_node_and_the_failure()
    {
        var port = UnusedPort();
        await using var client = Client($"esdb://127.0.0.1:{port}?tls=false", TwoSecondBudget);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), default));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_node_that_never_answers_is_cut_off_by_the_deadline_and_retried()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Enqueue(new RecordedExchange { Method = EventStoreMethods.Append, Stall = true });
        }
        await using var client = Client(_server.ConnectionString(), Quick with { AttemptTimeout = TimeSpan.FromMilliseconds(200), OperationTimeout = TimeSpan.FromMilliseconds(900) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), default));

        // The lower bound shows attempts were retried inside the 900 ms budget; the upper one only shows the call did
        // not hang (CI runs every suite at once on 2 cores, so it leaves room for scheduling delays).
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
        Assert.True(_server.Received.Count >= 2, $"{_server.Received.Count} attempts");
        Assert.All(_server.Received, c => Assert.Equal("200m", c.Header("grpc-timeout")));
        Assert.Contains(_server.Node(0).ToString(), error.Message);
    }

    [Fact]
    public async Task Cancelling_a_call_is_a_cancellation_and_resets_the_stream()
    {
        _server.Enqueue(new RecordedExchange { Method = EventStoreMethods.Append, Stall = true });
        await using var client = Client(_server.ConnectionString(), Quick with { AttemptTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(10) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), cts.Token));

        await Assert.Single(_server.Received).Aborted.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_later_calls_fail_fast_without_a_request()
    {
        _server.Enqueue(RecordedExchange.Failure(EventStoreMethods.Append, GrpcStatusCode.Unavailable, "Server Is Too Busy"));
        _server.Enqueue(RecordedExchange.Failure(EventStoreMethods.Append, GrpcStatusCode.Unavailable, "Server Is Too Busy"));
        await using var client = Client(_server.ConnectionString(), Quick with { MaxRetries = 0, MinimumThroughput = 2, BreakDuration = TimeSpan.FromSeconds(30) });

        await Assert.ThrowsAsync<NodeUnavailableException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), default));
        await Assert.ThrowsAsync<NodeUnavailableException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), default));
        var clock = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<NodeUnavailableException>(() => client.AppendAsync("s", ExpectedRevision.Any, Events(1), default));

        Assert.Contains("suspended", open.Message);
        Assert.Contains("Server Is Too Busy", open.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"an open circuit still took {clock.Elapsed}");
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public void Connections_ping_when_idle_and_open_more_than_one_when_streams_run_out()
    {
        using var handler = GrpcHttpHandler.Create(new GrpcChannelOptions { UseTls = false });

        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), HttpKeepAlivePingPolicy.Always),
            (handler.KeepAlivePingDelay, handler.KeepAlivePingTimeout, handler.KeepAlivePingPolicy));
        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.False(handler.UseCookies || handler.AllowAutoRedirect || handler.UseProxy);
    }

    internal static EventStoreClient Client(string connectionString, ResilienceOptions? resilience = null)
        => new(EventStoreConnectionString.Parse(connectionString), resilience ?? Quick, NullLogger.Instance);

    internal static ProposedEvent[] Events(int count)
        => Enumerable.Range(0, count).Select(i => new ProposedEvent(Guid.NewGuid(), "TestEvent", "application/json", default, ByteString.CopyFromUtf8($"{{\"n\":{i}}}").Memory)).ToArray();

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
