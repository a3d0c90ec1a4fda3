using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EventBroker.Gateway.Tests.Process;

/// <summary>
/// kill -9 of the gateway process in the middle of a sustained send load, then a restart on the same files: every
/// acknowledged message is there exactly once at the offset its acknowledgement named, the messages whose outcome the
/// producers never learned are stored once however often they are retried, offsets are dense, and SQLite finds the
/// database intact.
/// <para>
/// A SIGKILL ends the process but not the machine: what the gateway had written to the WAL is in the OS page cache
/// and reaches the disk anyway, so ASYNC_FLUSH (no fsync before the acknowledgement) must lose nothing here either,
/// and both modes are held to the same standard. What SYNC_FLUSH adds is survival of a power loss or kernel crash,
/// which drops the page cache; this test does not (and cannot, in a process) simulate that.
/// </para>
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string Topic = "T_crash_recovery";
    private const int Queues = 4;
    private const int Senders = 12;
    private const int BodySize = 1024;

    // Long enough for thousands of group commits and dozens of the store's background WAL checkpoints, so the kill may
    // land in either; short enough to keep a case well under 20 s.
    private static readonly TimeSpan MinLoad = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxLoad = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("ASYNC_FLUSH")]
    [InlineData("SYNC_FLUSH")]
    public async Task Every_acknowledged_message_survives_kill_9_exactly_once(string flushDiskType)
    {
        var clock = Stopwatch.StartNew();
        await using var gateway = await GatewayProcess.StartAsync($"--Broker:flushDiskType={flushDiskType}");
        var runTag = Guid.NewGuid().ToString("N")[..8];

        // The topic is created (and persisted) by one send per queue before the load, so the load measures appends only.
        var sent = new List<SentMessage>();
        await using (var setup = await gateway.ConnectBrokerAsync())
        {
            for (var queue = 0; queue < Queues; queue++)
            {
                var message = SentMessage.Create(runTag, "setup", queue, queue);
                using var response = await setup.SendAsync(Topic, queue, message.Body, uniqKey: message.UniqKey);
                Assert.Equal(0, response.Code);
                message.Acknowledge(SendMessageResponseHeader.Decode(response));
                sent.Add(message);
            }
        }

        // Sustained load: each sender sends one message after another on its own connection until the connection dies.
        var senders = Enumerable.Range(0, Senders).Select(sender => RunSenderAsync(gateway, runTag, sender)).ToArray();
        var loadTime = MinLoad + TimeSpan.FromMilliseconds(Random.Shared.Next((int)(MaxLoad - MinLoad).TotalMilliseconds));
        await Task.Delay(loadTime);
        await gateway.KillAsync();
        var perSender = await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(15));
        foreach (var messages in perSender)
        {
            sent.AddRange(messages);
        }

        var acknowledged = sent.Where(m => m.Acknowledged).ToList();
        var unacknowledged = sent.Where(m => !m.Acknowledged).ToList();
        // The kill must land mid-load: every sender had a send in flight (or was about to) that the kill cut off.
        Assert.All(perSender, messages => Assert.False(messages[^1].Acknowledged, "a sender stopped before the kill"));
        Assert.True(acknowledged.Count > Senders * 10, $"too little load before the kill: {acknowledged.Count} acknowledged");

        // The files exactly as the kill left them (database + WAL, no shared-memory index) are a sound database on their
        // own: SQLite's WAL recovery on a copy must find it intact, before the gateway's own open touches anything.
        Assert.Equal(["ok"], IntegrityCheck(CopyCrashedFiles(gateway.DatabasePath), SqliteOpenMode.ReadWrite));

        await gateway.RestartAsync();
        await using var client = await gateway.ConnectBrokerAsync();

        var afterRestart = await ReadEveryQueueAsync(client);
        foreach (var message in acknowledged)
        {
            Assert.True(afterRestart.TryGetValue(message.UniqKey, out var stored), $"acknowledged message {message} is missing after the restart");
            Assert.Equal((message.QueueId, message.QueueOffset, message.MsgId), (stored.QueueId, stored.QueueOffset, stored.OffsetMsgId));
        }
        AssertOnlySentMessages(afterRestart, sent);
        var unacknowledgedFound = unacknowledged.Count(m => afterRestart.ContainsKey(m.UniqKey));

        // A producer retries a send whose outcome it never learned with the same UNIQ_KEY; the store must keep it once,
        // answering with the offset it already has when the first attempt was in fact stored.
        foreach (var message in unacknowledged)
        {
            using var response = await client.SendAsync(Topic, message.QueueId, message.Body, uniqKey: message.UniqKey);
            Assert.True(response.Code == 0, $"retry of {message} failed: {response.Code} {response.Remark}");
            var header = SendMessageResponseHeader.Decode(response);
            if (afterRestart.TryGetValue(message.UniqKey, out var stored))
            {
                Assert.Equal((stored.QueueOffset, stored.OffsetMsgId), (header.QueueOffset, header.MsgId));
            }
            message.Acknowledge(header);
        }

        var final = await ReadEveryQueueAsync(client);
        Assert.Equal(sent.Count, final.Count);
        foreach (var message in sent)
        {
            Assert.True(final.TryGetValue(message.UniqKey, out var stored), $"{message} is missing");
            Assert.Equal((message.QueueId, message.QueueOffset, message.MsgId), (stored.QueueId, stored.QueueOffset, stored.OffsetMsgId));
        }
        AssertOnlySentMessages(final, sent);

        await client.DisposeAsync();
        Assert.True(await gateway.StopGracefullyAsync() == 0, $"the gateway did not exit cleanly after SIGTERM.{gateway.Output()}");
        Assert.Equal(["ok"], IntegrityCheck(gateway.DatabasePath, SqliteOpenMode.ReadOnly));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{flushDiskType}: killed after {loadTime.TotalSeconds:0.00} s of load from {Senders} senders; sent {sent.Count} distinct messages, "
            + $"{acknowledged.Count} acknowledged before the kill ({acknowledged.Count / loadTime.TotalSeconds:0}/s), {unacknowledged.Count} without an answer. "
            + $"After the restart: {afterRestart.Count} found ({acknowledged.Count} acknowledged + {unacknowledgedFound} unanswered that had been stored); "
            + $"after retrying the {unacknowledged.Count} unanswered: {final.Count} stored, each once. Whole case {clock.Elapsed.TotalSeconds:0.0} s.")
            // What the restarted gateway warned about (recovery, stale locks), for whoever reads a failure or a slow run.
            + gateway.Output());
    }

    private static async Task<List<SentMessage>> RunSenderAsync(GatewayProcess gateway, string runTag, int sender)
    {
        var messages = new List<SentMessage>();
        await using var client = await gateway.ConnectBrokerAsync();
        var queue = sender % Queues;
        for (var seq = 0; ; seq++)
        {
            var message = SentMessage.Create(runTag, $"s{sender}", seq, queue);
            messages.Add(message);
            var send = client.SendAsync(Topic, queue, message.Body, uniqKey: message.UniqKey);
            try
            {
                // A request written after the connection died is never failed by the client (it waits out its 10 s
                // timeout); the end of the connection settles it sooner. A response that raced the close still counts.
                if (await Task.WhenAny(send, client.Completion) != send && await Task.WhenAny(send, Task.Delay(500)) != send)
                {
                    _ = send.ContinueWith(t => t.Exception, TaskScheduler.Default);
                    message.Fail("the connection closed");
                    return messages;
                }
                using var response = await send;
                if (response.Code != 0)
                {
                    // Refused (e.g. the store was busy): the producer does not know it is stored; it is retried later.
                    message.Fail($"code {response.Code}: {response.Remark}");
                    continue;
                }
                message.Acknowledge(SendMessageResponseHeader.Decode(response));
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ObjectDisposedException)
            {
                message.Fail(ex.Message);
                return messages;
            }
        }
    }

    /// <summary>Every message of every queue from offset 0, checking that offsets are dense and each UNIQ_KEY appears once.</summary>
    private static async Task<Dictionary<string, StoredMessage>> ReadEveryQueueAsync(RemotingTestClient client)
    {
        var stored = new Dictionary<string, StoredMessage>(StringComparer.Ordinal);
        for (var queue = 0; queue < Queues; queue++)
        {
            long offset = 0;
            while (true)
            {
                using var pull = await client.PullAsync("crash_check", Topic, queue, offset, maxMsgNums: 32);
                if (pull.Code == (int)ResponseCode.PullNotFound)
                {
                    Assert.Equal(offset, pull.ExtLong("nextBeginOffset"));
                    break;
                }
                Assert.True(pull.Code == 0, $"pull of queue {queue} at {offset}: {pull.Code} {pull.Remark}");
                var messages = pull.Messages();
                Assert.NotEmpty(messages);
                foreach (var message in messages)
                {
                    // Dense: the n-th record of the queue carries offset n, with no gap and no repeat.
                    Assert.Equal(offset, message.QueueOffset);
                    Assert.Equal(queue, message.QueueId);
                    var key = message.GetProperty(MessageConst.UniqKey) ?? throw new InvalidOperationException($"record at {queue}/{offset} has no UNIQ_KEY");
                    var body = Encoding.UTF8.GetString(message.Body);
                    Assert.True(stored.TryAdd(key, new StoredMessage(queue, offset, message.OffsetMsgId, body)),
                        $"{key} is stored twice: at {stored.GetValueOrDefault(key)} and at queue {queue} offset {offset}");
                    offset++;
                }
                Assert.Equal(offset, pull.ExtLong("nextBeginOffset"));
            }
            using var max = await client.InvokeAsync(Requests.Create(RequestCode.GetMaxOffset, ("topic", Topic), ("queueId", queue.ToString(CultureInfo.InvariantCulture))));
            Assert.Equal(offset, max.ExtLong("offset"));
        }
        return stored;
    }

    /// <summary>Nothing is stored that was not sent, and every stored body is the one sent with its UNIQ_KEY.</summary>
    private static void AssertOnlySentMessages(Dictionary<string, StoredMessage> stored, List<SentMessage> sent)
    {
        var bodies = sent.ToDictionary(m => m.UniqKey, m => m.Body, StringComparer.Ordinal);
        foreach (var (key, message) in stored)
        {
            Assert.True(bodies.TryGetValue(key, out var body), $"stored message {key} at {message} was never sent");
            Assert.Equal(body, message.Body);
        }
    }

    private static string CopyCrashedFiles(string databasePath)
    {
        var copy = Path.Combine(Path.GetDirectoryName(databasePath)!, "crashed-copy");
        Directory.CreateDirectory(copy);
        var target = Path.Combine(copy, Path.GetFileName(databasePath));
        File.Copy(databasePath, target);
        if (File.Exists(databasePath + "-wal"))
        {
            File.Copy(databasePath + "-wal", target + "-wal");
        }
        return target;
    }

    private static List<string> IntegrityCheck(string path, SqliteOpenMode mode)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private sealed record StoredMessage(int QueueId, long QueueOffset, string OffsetMsgId, string Body);

    private sealed class SentMessage
    {
        private SentMessage(string uniqKey, string body, int queueId)
        {
            UniqKey = uniqKey;
            Body = body;
            QueueId = queueId;
        }

        public string UniqKey { get; }

        public string Body { get; }

        public int QueueId { get; }

        public bool Acknowledged { get; private set; }

        public string? MsgId { get; private set; }

        public long QueueOffset { get; private set; } = -1;

        public string? Failure { get; private set; }

        /// <summary>A unique body (who sent it, which one, which run) padded to <see cref="BodySize"/> bytes.</summary>
        public static SentMessage Create(string runTag, string sender, int seq, int queueId)
        {
            var uniqKey = UniqueKey.Create();
            var body = $"{runTag}/{sender}/{seq}/{uniqKey}/".PadRight(BodySize, '.');
            return new SentMessage(uniqKey, body, queueId);
        }

        public void Acknowledge(SendMessageResponseHeader header)
        {
            Assert.Equal(QueueId, header.QueueId);
            (Acknowledged, MsgId, QueueOffset) = (true, header.MsgId, header.QueueOffset);
        }

        public void Fail(string reason) => Failure = reason;

        public override string ToString() => $"{UniqKey} (queue {QueueId}{(Acknowledged ? $", offset {QueueOffset}" : $", unanswered: {Failure}")})";
    }
}
