using System.Buffers;
using System.Globalization;
using System.Net;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.EventStore.Protos.Streams;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecordedEvent = EventBroker.Storage.EventStore.Protos.Streams.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace EventBroker.Storage.Tests.EventStore.Simulation;

/// <summary>
/// An in-memory imitation of an EventStoreDB 23.10 node behind a real HTTP/2 (h2c) endpoint: the Streams methods
/// the store uses (Append, Read incl. $all and filtered $all subscriptions, Delete) and Gossip/Read, answering with the
/// message shapes and Trailers-Only errors of the recordings and <see cref="SimulatedLog"/>'s rules. It lets the
/// conformance suite drive the whole store (store, client, transport) in CI; agreeing with it shows the store is
/// consistent with our reading of EventStoreDB, not that EventStoreDB agrees. The real-node run is
/// EventStoreStreamStoreConformanceTests.
/// </summary>
internal sealed class SimulatedEventStoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatedLog _log;

    private SimulatedEventStoreServer(WebApplication app, SimulatedLog log) => (_app, _log) = (app, log);

    public int Port { get; private set; }

    public string ConnectionString => $"esdb://127.0.0.1:{Port}?tls=false";

    public static async Task<SimulatedEventStoreServer> StartAsync(int maxAppendSize = 4 * 1024 * 1024)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new SimulatedEventStoreServer(app, new SimulatedLog(maxAppendSize));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requests = await ReadRequestsAsync(context.Request);
        context.Response.ContentType = "application/grpc";
        switch (context.Request.Path.Value)
        {
            case EventStoreMethods.Append:
                await AppendAsync(context, requests);
                break;
            case EventStoreMethods.Read:
                await ReadAsync(context, ReadReq.Parser.ParseFrom(requests.Single()).Options);
                break;
            case EventStoreMethods.Delete:
                await DeleteAsync(context, DeleteReq.Parser.ParseFrom(requests.Single()).Options);
                break;
            case EventStoreMethods.GossipRead:
                await RespondAsync(context, [Gossip()]);
                break;
            default:
                Fail(context, 12, "Method is unimplemented.");
                break;
        }
    }

    private async Task AppendAsync(HttpContext context, IReadOnlyList<byte[]> requests)
    {
        var messages = requests.Select(AppendReq.Parser.ParseFrom).ToList();
        if (messages.Count == 0 || messages[0].ContentCase != AppendReq.ContentOneofCase.Options)
        {
            Fail(context, 2, "Exception was thrown by handler.");
            return;
        }
        var options = messages[0].Options;
        var expected = options.ExpectedStreamRevisionCase switch
        {
            AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Revision => (long)options.Revision,
            AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream => -1,
            AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.StreamExists => -4,
            _ => -2,
        };
        var events = new List<SimulatedLog.Proposed>();
        foreach (var proposed in messages.Skip(1).Select(m => m.ProposedMessage))
        {
            if (!proposed.Metadata.TryGetValue("type", out var type) || !proposed.Metadata.TryGetValue("content-type", out var contentType))
            {
                Fail(context, 3, "Required Metadata Property 'type' is missing", new("exception", "missing-required-metadata-property"), new("required-metadata-properties", "type,content-type"));
                return;
            }
            events.Add(new SimulatedLog.Proposed(Uuids.ToGuid(proposed.Id), type, contentType, proposed.CustomMetadata.ToByteArray(), proposed.Data.ToByteArray()));
        }
        switch (_log.Append(options.StreamIdentifier.StreamName.ToStringUtf8(), expected, events))
        {
            case SimulatedLog.Written written:
                var success = new AppendResp.Types.Success();
                if (written.LastRevision < 0)
                {
                    success.NoStream = new Empty();
                }
                else
                {
                    success.CurrentRevision = (ulong)written.LastRevision;
                }
                if (written.Position < 0)
                {
                    success.NoPosition = new Empty();
                }
                else
                {
                    success.Position = new AppendResp.Types.Position { CommitPosition = (ulong)written.Position, PreparePosition = (ulong)written.Position };
                }
                await RespondAsync(context, [new AppendResp { Success = success }]);
                break;
            case SimulatedLog.WrongVersion wrong:
                var message = new AppendResp.Types.WrongExpectedVersion();
                if (wrong.Current < 0)
                {
                    (message.CurrentNoStream, message.NoStream2060) = (new Empty(), new Empty());
                }
                else
                {
                    (message.CurrentRevision, message.CurrentRevision2060) = ((ulong)wrong.Current, (ulong)wrong.Current);
                }
                await RespondAsync(context, [new AppendResp { WrongExpectedVersion = message }]);
                break;
            case SimulatedLog.Failed failed:
                Fail(context, failed);
                break;
        }
    }

    private async Task ReadAsync(HttpContext context, ReadReq.Types.Options options)
    {
        var structured = options.UuidOption?.ContentCase != ReadReq.Types.Options.Types.UUIDOption.ContentOneofCase.String;
        var backwards = options.ReadDirection == ReadReq.Types.Options.Types.ReadDirection.Backwards;
        if (options.CountOptionCase == ReadReq.Types.Options.CountOptionOneofCase.Subscription)
        {
            await SubscribeAsync(context, options, structured);
            return;
        }
        var count = (long)Math.Min(options.Count, long.MaxValue);
        if (options.StreamOptionCase == ReadReq.Types.Options.StreamOptionOneofCase.All)
        {
            var from = options.All.AllOptionCase == ReadReq.Types.Options.Types.AllOptions.AllOptionOneofCase.Position ? (long)options.All.Position.PreparePosition : (long?)null;
            if (_log.ReadAll(from, backwards, count) is not { } records)
            {
                Fail(context, 3, "Trying to read from an invalid position.");
                return;
            }
            await RespondAsync(context, records.Select(r => Event(r, structured)));
            return;
        }
        var stream = options.Stream.StreamIdentifier.StreamName.ToStringUtf8();
        long? start = options.Stream.RevisionOptionCase == ReadReq.Types.Options.Types.StreamOptions.RevisionOptionOneofCase.Revision ? (long)options.Stream.Revision : null;
        if (_log.ReadStream(stream, start, backwards, count, DateTime.UtcNow) is not { } slice)
        {
            await RespondAsync(context, [new ReadResp { StreamNotFound = new ReadResp.Types.StreamNotFound { StreamIdentifier = options.Stream.StreamIdentifier } }]);
            return;
        }
        var messages = slice.Events.Select(r => Event(r, structured)).ToList();
        if (options.ControlOption?.Compatibility >= 1)
        {
            if (slice.FirstStreamPosition is { } resume)
            {
                messages.Add(new ReadResp { FirstStreamPosition = (ulong)resume });
            }
            messages.Add(new ReadResp { LastStreamPosition = (ulong)slice.LastRevision });
        }
        await RespondAsync(context, messages);
    }

    private async Task SubscribeAsync(HttpContext context, ReadReq.Types.Options options, bool structured)
    {
        var prefixes = options.Filter?.StreamIdentifier?.Prefix.ToList() ?? [""];
        var position = options.All.AllOptionCase == ReadReq.Types.Options.Types.AllOptions.AllOptionOneofCase.Position ? (long)options.All.Position.PreparePosition : _log.End;
        await context.Response.StartAsync();
        await WriteAsync(context, new ReadResp { Confirmation = new ReadResp.Types.SubscriptionConfirmation { SubscriptionId = Guid.NewGuid().ToString() } });
        var caughtUp = false;
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var grown = _log.Grown;
                foreach (var record in _log.After(position, prefixes))
                {
                    await WriteAsync(context, Event(record, structured));
                    position = record.Position;
                }
                if (!caughtUp)
                {
                    await WriteAsync(context, new ReadResp { CaughtUp = new ReadResp.Types.CaughtUp() });
                    caughtUp = true;
                }
                await grown.WaitAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client reset the stream: no trailers, as the server does.
        }
    }

    private async Task DeleteAsync(HttpContext context, DeleteReq.Types.Options options)
    {
        var expected = options.ExpectedStreamRevisionCase switch
        {
            DeleteReq.Types.Options.ExpectedStreamRevisionOneofCase.Revision => (long)options.Revision,
            DeleteReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream => -1,
            DeleteReq.Types.Options.ExpectedStreamRevisionOneofCase.StreamExists => -4,
            _ => -2,
        };
        switch (_log.Delete(options.StreamIdentifier.StreamName.ToStringUtf8(), expected))
        {
            case SimulatedLog.Written written:
                await RespondAsync(context, [new DeleteResp { Position = new DeleteResp.Types.Position { CommitPosition = (ulong)written.Position, PreparePosition = (ulong)written.Position } }]);
                break;
            case SimulatedLog.Failed failed:
                Fail(context, failed);
                break;
        }
    }

    private ClusterInfo Gossip() => new()
    {
        Members =
        {
            new MemberInfo
            {
                InstanceId = Uuids.ToStructured(Guid.Parse("e1843ba4-11c0-47d1-ad9d-41073726d485")),
                TimeStamp = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks,
                State = MemberInfo.Types.VNodeState.Leader,
                IsAlive = true,
                HttpEndPoint = new EventBroker.Storage.EventStore.Protos.Gossip.EndPoint { Address = "127.0.0.1", Port = (uint)Port },
            },
        },
    };

    private static ReadResp Event(SimulatedLog.Record r, bool structured)
    {
        var recorded = new RecordedEvent
        {
            Id = structured ? Uuids.ToStructured(r.Id) : new UUID { String = r.Id.ToString() },
            StreamIdentifier = StreamsRequests.Stream(r.Stream),
            StreamRevision = (ulong)r.Revision,
            PreparePosition = (ulong)r.Position,
            CommitPosition = (ulong)r.Position,
            CustomMetadata = ByteString.CopyFrom(r.Custom),
            Data = ByteString.CopyFrom(r.Data),
        };
        recorded.Metadata.Add("type", r.Type);
        recorded.Metadata.Add("created", (r.Created - DateTime.UnixEpoch).Ticks.ToString(CultureInfo.InvariantCulture));
        recorded.Metadata.Add("content-type", r.ContentType);
        return new ReadResp { Event = new ReadResp.Types.ReadEvent { Event = recorded, CommitPosition = (ulong)r.Position } };
    }

    private static async Task RespondAsync(HttpContext context, IEnumerable<IMessage> messages)
    {
        await context.Response.StartAsync();
        foreach (var message in messages)
        {
            await WriteAsync(context, message);
        }
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static async Task WriteAsync(HttpContext context, IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[GrpcFrame.HeaderLength + size];
        GrpcFrame.WriteHeader(frame, size);
        message.WriteTo(frame.AsSpan(GrpcFrame.HeaderLength));
        await context.Response.Body.WriteAsync(frame, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static void Fail(HttpContext context, SimulatedLog.Failed failed)
        => Fail(context, failed.Status, failed.Message, [new("exception", failed.Exception), .. failed.Metadata]);

    // Trailers-Only: the status in the only header block, as the server answers every exception.
    private static void Fail(HttpContext context, int status, string message, params KeyValuePair<string, string>[] metadata)
    {
        foreach (var (name, value) in metadata)
        {
            context.Response.Headers.Append(name, value);
        }
        context.Response.Headers.Append("grpc-status", status.ToString(CultureInfo.InvariantCulture));
        context.Response.Headers.Append("grpc-message", message);
    }

    private static async Task<IReadOnlyList<byte[]>> ReadRequestsAsync(HttpRequest request)
    {
        var messages = new List<byte[]>();
        while (true)
        {
            var result = await request.BodyReader.ReadAsync();
            var buffer = result.Buffer;
            while (GrpcFrame.TryRead(ref buffer, 64 * 1024 * 1024, out var message))
            {
                messages.Add(message.ToArray());
            }
            request.BodyReader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return messages;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
