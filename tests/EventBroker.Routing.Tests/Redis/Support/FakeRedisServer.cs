using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>
/// A server made of pipes for the server-less round-trip tests: every connection the client opens shows up in
/// <see cref="AcceptAsync"/>, where the test reads the exact request bytes and writes canned reply bytes.
/// </summary>
internal sealed class FakeRedisServer
{
    private readonly Channel<FakeConnection> _accepted = Channel.CreateUnbounded<FakeConnection>();

    /// <summary>Endpoints the client opened, in order.</summary>
    public List<RedisEndpoint> Opened { get; } = [];

    /// <summary>Endpoints that refuse connections, as a stopped server does.</summary>
    public HashSet<RedisEndpoint> Refusing { get; } = [];

    public RespTransportFactory Factory => (endpoint, _) =>
    {
        lock (Opened)
            Opened.Add(endpoint);
        if (Refusing.Contains(endpoint))
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        var connection = new FakeConnection(endpoint);
        _accepted.Writer.TryWrite(connection);
        return ValueTask.FromResult<IRespTransport>(connection.ClientSide);
    };

    public async Task<FakeConnection> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _accepted.Reader.ReadAsync(timeout.Token);
    }
}

internal sealed class FakeConnection
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public FakeConnection(RedisEndpoint endpoint)
    {
        Endpoint = endpoint;
        ClientSide = new ClientTransport(this);
    }

    public RedisEndpoint Endpoint { get; }

    public IRespTransport ClientSide { get; }

    /// <summary>True once the client closed its transport.</summary>
    public bool ClosedByClient { get; private set; }

    /// <summary>Reads exactly <paramref name="expected"/>'s length and asserts those are the bytes the client sent.</summary>
    public async Task ExpectAsync(string expected)
    {
        var bytes = await ReadExactlyAsync(Encoding.UTF8.GetByteCount(expected));
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Reads one command and returns its parts as text.</summary>
    public async Task<string[]> ReadCommandAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            var result = await _toServer.Reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (RespParser.TryRead(ref buffer, out var command))
            {
                _toServer.Reader.AdvanceTo(buffer.Start);
                return command.Items.Select(i => i.AsString()!).ToArray();
            }
            if (result.IsCompleted)
                throw new EndOfStreamException("The client closed the connection");
            _toServer.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task ReplyAsync(string reply) => await ReplyAsync(Encoding.UTF8.GetBytes(reply));

    public async Task ReplyAsync(byte[] reply) => await _toClient.Writer.WriteAsync(reply);

    /// <summary>The server side hangs up, as a killed server does.</summary>
    public void Close() => _toClient.Writer.Complete();

    /// <summary>Answers the HELLO 3 and ROLE a client sends on every new connection.</summary>
    public async Task CompleteHandshakeAsync(string role = "master")
    {
        Assert.Equal(["HELLO", "3"], await ReadCommandAsync());
        await ReplyAsync("%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n");
        Assert.Equal(["ROLE"], await ReadCommandAsync());
        await ReplyAsync($"*3\r\n${role.Length}\r\n{role}\r\n:0\r\n*0\r\n");
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            var result = await _toServer.Reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                _toServer.Reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }
            if (result.IsCompleted)
                throw new EndOfStreamException($"The client closed the connection after {buffer.Length} of {count} expected bytes: {Encoding.UTF8.GetString(buffer.ToArray())}");
            _toServer.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class ClientTransport(FakeConnection connection) : IRespTransport
    {
        public PipeReader Input => connection._toClient.Reader;

        public PipeWriter Output => connection._toServer.Writer;

        public ValueTask DisposeAsync()
        {
            // As a closed socket: the server sees end of stream once the client's writer completes.
            connection.ClosedByClient = true;
            return ValueTask.CompletedTask;
        }
    }
}
