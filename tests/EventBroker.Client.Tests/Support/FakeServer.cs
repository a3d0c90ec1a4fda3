using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using EventBroker.Protocol;
using EventBroker.Protocol.Frames;

namespace EventBroker.Client.Tests.Support;

/// <summary>A one-connection TCP server speaking raw remoting frames, scripted by the test.</summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<RemotingCommand> _received = Channel.CreateUnbounded<RemotingCommand>();
    private Socket? _socket;
    private NetworkStream? _stream;
    private Task _reading = Task.CompletedTask;

    public FakeServer()
    {
        _listener.Start();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async Task AcceptAsync()
    {
        _socket = await _listener.AcceptSocketAsync();
        _stream = new NetworkStream(_socket, ownsSocket: true);
        _reading = ReadAsync(PipeReader.Create(_stream));
    }

    /// <summary>The next frame the client sent.</summary>
    public async Task<RemotingCommand> ReceiveAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async Task SendAsync(RemotingCommand command) => await SendRawAsync(RemotingCommandCodec.EncodeToArray(command));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream!.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public void Close() => _socket?.Close();

    public async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _listener.Stop();
        try
        {
            await _reading;
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReadAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (RemotingFrameReader.TryReadFrame(ref buffer, RemotingFrameReader.DefaultMaxFrameLength, out var frame))
            {
                await _received.Writer.WriteAsync(RemotingCommandCodec.Decode(frame));
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
