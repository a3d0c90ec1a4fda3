using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.EventStore.Protos.Gossip;
using EventBroker.Storage.Tests.EventStore.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>
/// A local HTTP/2 cleartext (h2c) endpoint on one or more ports ("nodes") that answers gRPC calls with recorded
/// EventStoreDB exchanges, in the order they are queued. It is not EventStoreDB: it proves the client's logic
/// (framing, trailers, errors, node choice, retries, subscriptions) against real HTTP/2; the recordings prove the wire.
/// Recorded node ports (2114, 2124, 2134 in the cluster files) are rewritten to this server's ports, in gossip answers
/// and in not-leader trailers.
/// </summary>
internal sealed class RecordedEventStoreServer : IAsyncDisposable
{
    private static readonly int[] RecordedPorts = [2114, 2124, 2134];
    private readonly WebApplication _app;
    private readonly List<RecordedExchange> _script = [];
    private readonly List<ReceivedCall> _received = [];
    private readonly object _gate = new();

    private RecordedEventStoreServer(WebApplication app) => _app = app;

    public IReadOnlyList<int> Ports { get; private set; } = [];

    public IReadOnlyList<ReceivedCall> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Exchanges queued but never asked for.</summary>
    public IReadOnlyList<RecordedExchange> Unused
    {
        get
        {
            lock (_gate)
            {
                return [.. _script];
            }
        }
    }

    public NodeEndpoint Node(int index) => new("127.0.0.1", Ports[index]);

    public string ConnectionString(int node = 0, string settings = "") => $"esdb://127.0.0.1:{Ports[node]}?tls=false{settings}";

    /// <param name="certificate">Serve TLS (ALPN h2) with this certificate instead of h2c.</param>
    public static async Task<RecordedEventStoreServer> StartAsync(int nodes = 1, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var i = 0; i < nodes; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }
        });
        var app = builder.Build();
        var server = new RecordedEventStoreServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a).Port)
            .ToList();
        return server;
    }

    public RecordedExchange Enqueue(RecordedExchange exchange)
    {
        lock (_gate)
        {
            _script.Add(exchange);
        }
        return exchange;
    }

    /// <summary>Queues recorded calls; in cluster files each goes to the node that carried it.</summary>
    public void Replay(Recording recording, params int[] calls)
    {
        foreach (var call in calls)
        {
            var via = recording.Call(call).First().ViaPort;
            Enqueue(RecordedExchange.FromCall(recording, call, via is { } port ? NodeIndexOf(port) : null));
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var node = Ports.ToList().IndexOf(context.Connection.LocalPort);
        var method = context.Request.Path.Value ?? "";
        var requests = await ReadRequestsAsync(context.Request);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.RequestAborted.Register(() => aborted.TrySetResult());
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        RecordedExchange? exchange;
        lock (_gate)
        {
            _received.Add(new ReceivedCall(node, method, headers, requests, aborted.Task));
            exchange = _script.FirstOrDefault(e => e.Method == method && (e.Node is null || e.Node == node) && (e.Accepts?.Invoke(requests) ?? true));
            if (exchange is not null)
            {
                _script.Remove(exchange);
            }
        }
        exchange ??= RecordedExchange.Failure(method, GrpcStatusCode.Unimplemented, $"no recorded exchange left for {method} on node {node}");

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
        if (exchange.Stall)
        {
            await WaitForAbortAsync(context);
            return;
        }
        if (exchange.TrailersOnly)
        {
            foreach (var (name, value) in exchange.Trailers)
            {
                context.Response.Headers.Append(name, RewritePort(name, value));
            }
            return;
        }
        await context.Response.StartAsync();
        await WriteAsync(context, exchange.Messages);
        if (exchange.LateMessages.Count > 0)
        {
            await exchange.Release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { });
            await WriteAsync(context, exchange.LateMessages);
        }
        if (exchange.HoldOpen)
        {
            await WaitForAbortAsync(context);
            return;
        }
        foreach (var (name, value) in exchange.Trailers)
        {
            context.Response.AppendTrailer(name, RewritePort(name, value));
        }
    }

    private async Task WriteAsync(HttpContext context, IReadOnlyList<byte[]> messages)
    {
        foreach (var message in messages)
        {
            var bytes = RewriteGossip(message);
            var frame = new byte[GrpcFrame.HeaderLength + bytes.Length];
            GrpcFrame.WriteHeader(frame, bytes.Length);
            bytes.CopyTo(frame, GrpcFrame.HeaderLength);
            try
            {
                await context.Response.Body.WriteAsync(frame, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WaitForAbortAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
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

    // Gossip answers name the recorded proxy ports: point them at this server's.
    private byte[] RewriteGossip(byte[] message)
    {
        ClusterInfo cluster;
        try
        {
            cluster = ClusterInfo.Parser.ParseFrom(message);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return message;
        }
        if (cluster.Members.Count == 0 || cluster.Members.Any(m => m.HttpEndPoint is null || m.InstanceId is null))
        {
            return message;
        }
        foreach (var member in cluster.Members)
        {
            if (NodeIndexOf((int)member.HttpEndPoint.Port) is { } index && index < Ports.Count)
            {
                member.HttpEndPoint.Port = (uint)Ports[index];
            }
        }
        return Google.Protobuf.MessageExtensions.ToByteArray(cluster);
    }

    private string RewritePort(string name, string value)
        => name == "leader-endpoint-port" && int.TryParse(value, out var port) && NodeIndexOf(port) is { } index && index < Ports.Count
            ? Ports[index].ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value;

    private static int? NodeIndexOf(int recordedPort) => Array.IndexOf(RecordedPorts, recordedPort) is var i and >= 0 ? i : null;

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
