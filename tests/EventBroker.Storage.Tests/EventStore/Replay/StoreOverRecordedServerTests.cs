using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EventBroker.Storage.EventStore;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Protos.Streams;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>
/// <see cref="EventStoreStreamStore"/> through its real client and transport, against <see cref="RecordedEventStoreServer"/>.
/// Where a scenario needs an answer the recordings do not hold (the catalog append, a read-back), it is built with the
/// same generated classes the recordings validate. These prove the store's logic, not EventStoreDB's behaviour.
/// </summary>
public sealed class StoreOverRecordedServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Guid RecordedId19 = Guid.Parse("0e7a1e5c-0000-4000-8000-000000000199");
    private RecordedEventStoreServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordedEventStoreServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Append_records_the_stream_in_the_catalog_then_reports_revision_and_position_and_signals_at_once()
    {
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(Requests.CatalogAccepts());
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("19-subscribe-all-filtered-checkpoint"), 3) with { Accepts = Requests.AppendTo("capture-s19") });
        await using var store = await OpenAsync();
        var seen = new ConcurrentQueue<StreamAppended>();
        _server.Enqueue(new RecordedExchange { Method = EventStoreMethods.Read, Accepts = Requests.Subscription, HoldOpen = true });
        using var subscription = store.SubscribeToAppends(seen.Enqueue);

        var result = await store.AppendAsync("capture-s19", new[] { new EventToAppend(RecordedId19, "{\"n\":1}"u8.ToArray(), 1763730191295) });

        Assert.Equal([new AppendedEvent(0, 3158, false)], result.Events);
        Assert.Equal(1, result.NextRevision);
        Assert.Contains(new StreamAppended("capture-s19", 1), seen);
        var appends = _server.Received.Where(c => c.Method == EventStoreMethods.Append).ToList();
        var catalog = AppendReq.Parser.ParseFrom(appends[0].Requests[1]).ProposedMessage;
        Assert.Equal(("capture-s19", StreamCatalog.IdOf("capture-s19")), (catalog.Data.ToStringUtf8(), Uuids.ToGuid(catalog.Id)));
        var data = appends[1].Requests.Select(AppendReq.Parser.ParseFrom).ToList();
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Any, data[0].Options.ExpectedStreamRevisionCase);
        Assert.Equal((RecordedId19, "{\"timestampMs\":1763730191295}"), (Uuids.ToGuid(data[1].ProposedMessage.Id), data[1].ProposedMessage.CustomMetadata.ToStringUtf8()));
    }

    [Fact]
    public async Task A_repeated_id_answered_with_the_original_write_is_reported_as_a_duplicate()
    {
        var recording = Recording.Load("12-idempotent-duplicate-append");
        var id = Guid.Parse("0e7a1e5c-0000-4000-8000-000000000120");
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(Requests.CatalogAccepts());
        _server.Replay(recording, 1, 2);
        // The read-back that places the repeat: the original event, where the recording says it is.
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Read, StoredEvent(id, "capture-s12", 0, 2331), new ReadResp { LastStreamPosition = 0 }) with
        {
            Accepts = Requests.ReadOf("capture-s12", 0),
        });
        await using var store = await OpenAsync();
        var e = new EventToAppend(id, "{\"n\":0}"u8.ToArray(), 1);

        var first = await store.AppendAsync("capture-s12", new[] { e });
        var retry = await store.AppendAsync("capture-s12", new[] { e });

        Assert.Equal([new AppendedEvent(0, 2331, false)], first.Events);
        Assert.Equal([new AppendedEvent(0, 2331, true)], retry.Events);
        Assert.Equal(1, retry.NextRevision);
        Assert.Empty(_server.Unused);
    }

    [Fact]
    public async Task A_repeat_of_an_id_whose_original_is_gone_is_stored_again_at_the_end()
    {
        var id = Guid.NewGuid();
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Read, StoredEvent(Guid.NewGuid(), "elsewhere", 9, 5000)) with { Accepts = Requests.LogEnd });
        _server.Enqueue(Requests.CatalogAccepts());
        // The server still remembers the id (its idempotency cache) and answers with the deleted original…
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.Success(0, 2331)) with { Accepts = m => Requests.AppendTo("s")(m) && m.Count == 2 });
        // …which the stream no longer shows (soft-deleted: a missing stream to reads)…
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("04-read-missing-stream"), 1) with { Accepts = Requests.ReadOf("s", 0) });
        // …so the store asks for the stream's real last revision (an empty append that cannot match) and expects it.
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.WrongExpectedVersion(2)) with { Accepts = m => Requests.AppendTo("s")(m) && m.Count == 1 });
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.Success(3, 6000)) with
        {
            Accepts = m => Requests.AppendTo("s")(m) && AppendReq.Parser.ParseFrom(m[0]).Options.Revision == 2,
        });
        await using var store = await OpenAsync();

        var result = await store.AppendAsync("s", new[] { new EventToAppend(id, "again"u8.ToArray(), 1) });

        Assert.Equal([new AppendedEvent(3, 6000, false)], result.Events);
        Assert.Empty(_server.Unused);
    }

    [Fact]
    public async Task A_wrong_expected_revision_names_the_expected_and_actual_next_revisions()
    {
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(Requests.CatalogAccepts());
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("02-append-wrong-expected-version"), 1) with { Accepts = Requests.AppendTo("capture-s01") });
        await using var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            async () => await store.AppendAsync("capture-s01", new[] { new EventToAppend(Guid.NewGuid(), "x"u8.ToArray(), 1) }, expectedNextRevision: 6));

        Assert.Equal((6L, 3L), (error.Expected, error.Actual));
        var options = AppendReq.Parser.ParseFrom(_server.Received.Last().Requests[0]).Options;
        Assert.Equal(5ul, options.Revision);
    }

    [Fact]
    public async Task ReadForward_fills_one_buffer_and_learns_the_bounds_from_a_parallel_probe()
    {
        var compat = Recording.Load("17-raw-read-compat1-structured");
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(new RecordedExchange { Method = EventStoreMethods.Read, Accepts = Requests.ReadOf("capture-s01"), Messages = [compat.At(6).Bytes, compat.At(8).Bytes] });
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("03-read-forwards-from-1"), 1) with
        {
            Accepts = Requests.ReadOf("capture-s01", 1),
            Messages = [.. RecordedExchange.FromCall(Recording.Load("03-read-forwards-from-1"), 1).Messages, compat.At(8).Bytes],
        });
        await using var store = await OpenAsync();

        using var batch = await store.ReadForwardAsync("capture-s01", 1, 10);

        Assert.Equal(new StreamBounds(0, 3), batch.Bounds);
        Assert.Equal([(1L, 850L), (2L, 967L)], batch.Entries.ToArray().Select(e => (e.Revision, e.Position)));
        Assert.Equal("{\"n\":2}{\"n\":3}", Encoding.UTF8.GetString(batch.Data.Span));
        Assert.Equal(Guid.Parse("0e7a1e5c-0000-4000-8000-000000000003"), batch.Entries[1].EventId);
        // No timestampMs in these events' custom metadata: the server's "created" stands in.
        Assert.InRange(batch.Entries[0].TimestampMs, new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), long.MaxValue);
    }

    [Fact]
    public async Task A_missing_stream_has_bounds_zero_zero_and_reads_nothing()
    {
        var recording = Recording.Load("17-raw-read-compat1-structured");
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(RecordedExchange.FromCall(recording, 3) with { Accepts = Requests.ReadOf("capture-missing") });

        await using var store = await OpenAsync();

        Assert.Equal(default, await store.GetBoundsAsync("capture-missing"));
    }

    [Fact]
    public async Task Appends_by_other_gateways_arrive_through_the_all_subscription_which_resumes_where_it_stopped()
    {
        var recording = Recording.Load("19-subscribe-all-filtered-checkpoint");
        _server.Enqueue(RecordedExchange.FromCall(Recording.Load("17-raw-read-compat1-structured"), 4) with { Accepts = Requests.LogEnd });
        var live = RecordedExchange.FromCall(recording, 1);
        var first = _server.Enqueue(live with
        {
            Accepts = Requests.Subscription,
            Messages = live.Messages.Take(3).ToList(),
            LateMessages = live.Messages.Skip(3).ToList(),
            HoldOpen = false,
            // The node goes away after the event: the subscription must come back on its own.
            Trailers = [new("grpc-status", "14"), new("grpc-message", "Server Is Not Ready")],
        });
        _server.Enqueue(live with { Accepts = Requests.Subscription, Messages = live.Messages.Take(1).ToList() });
        await using var store = await OpenAsync();
        var signalled = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var subscription = store.SubscribeToAppends(a =>
        {
            if (a == new StreamAppended("capture-s19", 1))
            {
                signalled.TrySetResult(Stopwatch.GetTimestamp());
            }
        });
        await WaitForAsync(() => _server.Received.Count(c => c.Method == EventStoreMethods.Read) == 2);
        var released = Stopwatch.GetTimestamp();
        first.Release.SetResult();
        var latency = Stopwatch.GetElapsedTime(released, await signalled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await WaitForAsync(() => _server.Received.Count(c => c.Method == EventStoreMethods.Read) == 3);

        output.WriteLine($"pushed event to StreamAppended: {latency.TotalMilliseconds:0.0} ms");
        Assert.True(latency < TimeSpan.FromMilliseconds(500), $"the event took {latency.TotalMilliseconds:0} ms to be signalled");
        var subscriptions = _server.Received.Where(c => Requests.Subscription(c.Requests)).Select(c => Requests.Read(c.Requests)!).ToList();
        Assert.Equal(["mq/"], subscriptions[0].Filter.StreamIdentifier.Prefix);
        Assert.Equal(2565ul, subscriptions[0].All.Position.PreparePosition);
        Assert.Equal((3158ul, 3158ul), (subscriptions[1].All.Position.CommitPosition, subscriptions[1].All.Position.PreparePosition));
    }

    [Fact]
    public async Task An_unreachable_cluster_makes_every_call_a_store_unavailable_error_naming_the_node()
    {
        var port = UnusedPort();
        var clock = Stopwatch.StartNew();
        await using var store = await OpenAsync($"esdb://127.0.0.1:{port}?tls=false");

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            async () => await store.AppendAsync("mq/c/b/t/0", new[] { new EventToAppend(Guid.NewGuid(), "x"u8.ToArray(), 1) }));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("mq/c/b/t/0", error.Message);
        Assert.False(await store.PingAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Appends_too_large_for_one_write_are_split_without_an_expected_revision_and_refused_with_one()
    {
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(Requests.CatalogAccepts());
        for (var i = 0u; i < 3; i++)
        {
            _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.Success(i, 5000 + i)) with { Accepts = Requests.AppendTo("big") });
        }
        await using var store = await OpenAsync(maxAppendBytes: 1024);
        var events = Enumerable.Range(0, 3).Select(_ => new EventToAppend(Guid.NewGuid(), new byte[600], 1)).ToArray();

        var split = await store.AppendAsync("big", events);
        var refused = await Assert.ThrowsAsync<AppendTooLargeException>(async () => await store.AppendAsync("big", events, expectedNextRevision: 3));
        var alone = await Assert.ThrowsAsync<AppendTooLargeException>(async () => await store.AppendAsync("big", new[] { new EventToAppend(Guid.NewGuid(), new byte[1025], 1) }));

        Assert.Equal([0L, 1, 2], split.Events.Select(e => e.Revision));
        Assert.Equal(3, _server.Received.Count(c => c.Method == EventStoreMethods.Append && Requests.AppendTo("big")(c.Requests)));
        Assert.Contains("expected revision", refused.Message);
        Assert.Contains("1025", alone.Message);
    }

    [Fact]
    public async Task The_servers_own_limit_is_learned_from_its_refusal()
    {
        _server.Enqueue(Requests.EmptyLog());
        _server.Enqueue(Requests.CatalogAccepts());
        _server.Replay(Recording.Load("13-append-too-large"), 1);
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.Success(0, 7000)) with { Accepts = Requests.AppendTo("s") });
        _server.Enqueue(RecordedExchange.Answer(EventStoreMethods.Append, Requests.Success(1, 7100)) with { Accepts = Requests.AppendTo("s") });
        await using var store = await OpenAsync();

        var refused = await Assert.ThrowsAsync<AppendTooLargeException>(async () => await store.AppendAsync("s", new[] { new EventToAppend(Guid.NewGuid(), new byte[1210], 1) }));
        var split = await store.AppendAsync("s", Enumerable.Range(0, 2).Select(_ => new EventToAppend(Guid.NewGuid(), new byte[800], 1)).ToArray());

        Assert.Contains("1024", refused.Message);
        Assert.Equal([0L, 1], split.Events.Select(e => e.Revision));
    }

    private Task<EventStoreStreamStore> OpenAsync(string? connectionString = null, int maxAppendBytes = 1024 * 1024)
    {
        var options = new EventStoreStreamStoreOptions { ConnectionString = connectionString ?? _server.ConnectionString(), MaxAppendBytes = maxAppendBytes };
        var client = ClientStateMachineTests.Client(options.ConnectionString, new ResilienceOptions
        {
            OperationTimeout = TimeSpan.FromSeconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(1),
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });
        return EventStoreStreamStore.OpenAsync(client, options, NullLogger.Instance, default);
    }

    private static ReadResp StoredEvent(Guid id, string stream, ulong revision, ulong position) => new()
    {
        Event = new ReadResp.Types.ReadEvent
        {
            CommitPosition = position,
            Event = new ReadResp.Types.ReadEvent.Types.RecordedEvent
            {
                Id = Uuids.ToStructured(id),
                StreamIdentifier = StreamsRequests.Stream(stream),
                StreamRevision = revision,
                CommitPosition = position,
                PreparePosition = position,
            },
        },
    };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5), "timed out waiting for the server to see the call");
            await Task.Delay(10);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
