using System.Text;
using EventBroker.Gateway.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Tests.EndToEnd;

public sealed class TransactionTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private RemotingTestClient _producer = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync("--Broker:transactionTimeOut=400", "--Broker:transactionCheckInterval=200", "--Broker:transactionCheckMax=2");
        _producer = await _gateway.ConnectBrokerAsync();
        var heartbeat = Requests.Create(RequestCode.HeartBeat);
        var data = new HeartbeatData { ClientID = "10.0.0.7@tx" };
        data.ProducerDataSet.Add(new ProducerData { GroupName = "tx_group" });
        heartbeat.Body = data.ToJson();
        using var response = await _producer.InvokeAsync(heartbeat);
        Assert.Equal(0, response.Code);
    }

    public async Task DisposeAsync()
    {
        await _producer.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private Task<RemotingCommand> SendHalfAsync(string topic, string body) =>
        _producer.SendAsync(topic, 0, body, extra: [new("TRAN_MSG", "true"), new("PGROUP", "tx_group")]);

    private async Task EndAsync(RemotingCommand sendResponse, int commitOrRollback, string? msgId = null)
    {
        Assert.True(MessageId.TryDecodeOffsetMsgId(sendResponse.GetExt("msgId"), out _, out var commitLogOffset));
        var end = RemotingCommand.CreateRequest((int)RequestCode.EndTransaction);
        new EndTransactionRequestHeader
        {
            ProducerGroup = "tx_group",
            TranStateTableOffset = sendResponse.ExtLong("queueOffset"),
            CommitLogOffset = commitLogOffset,
            CommitOrRollback = commitOrRollback,
            FromTransactionCheck = false,
            MsgId = msgId ?? "x",
        }.EncodeTo(end);
        await _producer.SendOnewayAsync(end);
    }

    private async Task<List<DecodedMessage>> VisibleAsync(string topic)
    {
        using var pull = await _producer.PullAsync("txc", topic, 0, 0);
        return pull.Code == 0 ? pull.Messages() : [];
    }

    [Fact]
    public async Task A_half_message_is_invisible_until_committed_and_a_repeated_commit_delivers_it_once()
    {
        using var half = await SendHalfAsync("T_tx_commit", "pay");
        Assert.Equal(0, half.Code);
        await Task.Delay(200);
        Assert.Empty(await VisibleAsync("T_tx_commit"));

        await EndAsync(half, 8);
        await EndAsync(half, 8);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<DecodedMessage> visible;
        while ((visible = await VisibleAsync("T_tx_commit")).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(300);
        visible = await VisibleAsync("T_tx_commit");
        var message = Assert.Single(visible);
        Assert.Equal("pay", Encoding.UTF8.GetString(message.Body));
        Assert.Equal(MessageSysFlag.TransactionCommitType, MessageSysFlag.GetTransactionValue(message.SysFlag));
    }

    [Fact]
    public async Task A_rolled_back_half_message_is_never_delivered_nor_checked()
    {
        using var half = await SendHalfAsync("T_tx_rollback", "cancelled");
        await EndAsync(half, 12);
        await Task.Delay(1500);
        Assert.Empty(await VisibleAsync("T_tx_rollback"));
        Assert.False(_producer.ServerRequests.Reader.TryRead(out var check) && check.Code == (int)RequestCode.CheckTransactionState);
    }

    [Fact]
    public async Task An_unresolved_half_message_is_checked_with_its_producer_and_committed_from_the_check()
    {
        using var half = await SendHalfAsync("T_tx_check", "asked");
        var check = await NextCheckAsync();
        var header = CheckTransactionStateRequestHeader.Decode(check);
        var checkedMessage = DecodedMessage.Decode(check.Body.Span);
        Assert.Equal("T_tx_check", checkedMessage.Topic);
        Assert.Equal("asked", Encoding.UTF8.GetString(checkedMessage.Body));
        Assert.Equal("1", checkedMessage.GetProperty("TRANSACTION_CHECK_TIMES"));

        var end = RemotingCommand.CreateRequest((int)RequestCode.EndTransaction);
        new EndTransactionRequestHeader
        {
            ProducerGroup = "tx_group",
            TranStateTableOffset = header.TranStateTableOffset,
            CommitLogOffset = header.CommitLogOffset,
            CommitOrRollback = 8,
            FromTransactionCheck = true,
            MsgId = header.MsgId ?? "",
        }.EncodeTo(end);
        await _producer.SendOnewayAsync(end);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await VisibleAsync("T_tx_check")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the checked transaction was not committed");
            await Task.Delay(50);
        }
        Assert.Single(await VisibleAsync("T_tx_check"));
    }

    [Fact]
    public async Task A_half_message_nobody_answers_for_is_discarded_after_transaction_check_max()
    {
        using var half = await SendHalfAsync("T_tx_ignored", "orphan");
        var first = await NextCheckAsync();
        var second = await NextCheckAsync();
        Assert.Equal("2", DecodedMessage.Decode(second.Body.Span).GetProperty("TRANSACTION_CHECK_TIMES"));
        await Task.Delay(1500);
        Assert.False(_producer.ServerRequests.Reader.TryRead(out var third) && third.Code == (int)RequestCode.CheckTransactionState && DecodedMessage.Decode(third.Body.Span).Topic == "T_tx_ignored",
            "a third check was sent although transactionCheckMax is 2");
        Assert.Empty(await VisibleAsync("T_tx_ignored"));
        _ = first;
    }

    private async Task<RemotingCommand> NextCheckAsync()
    {
        while (true)
        {
            var request = await _producer.ServerRequests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (request.Code == (int)RequestCode.CheckTransactionState)
            {
                return request;
            }
        }
    }
}
