using EventBroker.Client.Internal.Instance;
using EventBroker.Client.Tests.Support;
using EventBroker.Protocol;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventBroker.Client.Tests.Unit;

/// <summary>Transactional sends and check-backs as the Java producer does them, against canned broker answers.</summary>
public sealed class TransactionTests : IAsyncLifetime
{
    private readonly FakeRemoting _remoting = new();
    private ClientInstance _instance = null!;

    public Task InitializeAsync()
    {
        _instance = new ClientInstance(FakeRemoting.Options, NullLoggerFactory.Instance, _remoting);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    [Theory]
    [InlineData(TransactionState.Commit, 8)]
    [InlineData(TransactionState.Rollback, 12)]
    public async Task The_half_message_is_prepared_and_then_ended_with_the_local_outcome(TransactionState outcome, int commitOrRollback)
    {
        var producer = _instance.CreateProducer(new ProducerOptions("tx"), (_, _) => ValueTask.FromResult(TransactionState.Unknown));
        Message? seen = null;

        var result = await producer.SendInTransactionAsync(new Message("TopicTest", "order") { DelayLevel = 3 }, (message, _, _) =>
        {
            seen = message;
            return ValueTask.FromResult(outcome);
        });

        Assert.Equal(outcome, result.State);
        Assert.NotNull(seen);
        var (_, send) = Assert.Single(_remoting.Sends);
        var header = SendMessageRequestHeader.Decode(send);
        var properties = MessageProperties.Parse(header.Properties);
        Assert.Equal(MessageSysFlag.TransactionPreparedType, header.SysFlag & MessageSysFlag.TransactionMask);
        Assert.Equal("true", properties[MessageConst.TranMsg]);
        Assert.Equal("tx", properties[MessageConst.PGroup]);
        Assert.False(properties.ContainsKey(MessageConst.Delay));

        var (address, end) = Assert.Single(_remoting.Requests, r => r.Request.Code == (int)RequestCode.EndTransaction);
        var endHeader = EndTransactionRequestHeader.Decode(end);
        Assert.True(end.IsOneway);
        Assert.Equal(result.SendResult.Queue.BrokerName == "broker-a" ? FakeRemoting.BrokerA : FakeRemoting.BrokerB, address);
        Assert.Equal(commitOrRollback, endHeader.CommitOrRollback);
        Assert.Equal("tx", endHeader.ProducerGroup);
        Assert.Equal(result.SendResult.QueueOffset, endHeader.TranStateTableOffset);
        Assert.Equal(result.SendResult.MessageId, endHeader.MsgId);
        Assert.False(endHeader.FromTransactionCheck);
    }

    [Fact]
    public async Task A_throwing_local_transaction_leaves_the_state_unknown_with_a_remark()
    {
        var producer = _instance.CreateProducer(new ProducerOptions("tx"), (_, _) => ValueTask.FromResult(TransactionState.Unknown));

        var result = await producer.SendInTransactionAsync(new Message("TopicTest", "x"), (_, _, _) => throw new InvalidOperationException("db down"));

        Assert.Equal(TransactionState.Unknown, result.State);
        var (_, end) = Assert.Single(_remoting.Requests, r => r.Request.Code == (int)RequestCode.EndTransaction);
        Assert.Equal(0, EndTransactionRequestHeader.Decode(end).CommitOrRollback);
        Assert.Contains("db down", end.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_back_asks_the_checker_and_answers_the_asking_broker()
    {
        ReceivedMessage? asked = null;
        _instance.CreateProducer(new ProducerOptions("tx"), (half, _) =>
        {
            asked = half;
            return ValueTask.FromResult(TransactionState.Commit);
        });
        var check = RemotingCommand.CreateRequest((int)RequestCode.CheckTransactionState);
        check.Flag = RemotingCommand.OnewayFlag;
        new CheckTransactionStateRequestHeader { TranStateTableOffset = 5, CommitLogOffset = 9000, MsgId = "OFFSETID", TransactionId = "TXID" }.EncodeTo(check);
        check.Body = new DecodedMessage
        {
            Topic = "TopicTest",
            Body = "half"u8.ToArray(),
            Properties = new Dictionary<string, string> { [MessageConst.PGroup] = "tx", [MessageConst.UniqKey] = "UNIQ1", [MessageConst.TranMsg] = "true" },
        }.Encode();

        Assert.Null(await _instance.ServerRequests.HandleAsync(FakeRemoting.BrokerB, check, CancellationToken.None));

        await Eventually.TrueAsync(() => _remoting.Requests.Any(r => r.Request.Code == (int)RequestCode.EndTransaction), TimeSpan.FromSeconds(5), "END_TRANSACTION sent");
        var (address, end) = _remoting.Requests.Single(r => r.Request.Code == (int)RequestCode.EndTransaction);
        var header = EndTransactionRequestHeader.Decode(end);
        Assert.Equal(FakeRemoting.BrokerB, address);
        Assert.Equal("UNIQ1", asked!.TransactionId);
        Assert.True(header.FromTransactionCheck);
        Assert.Equal(8, header.CommitOrRollback);
        Assert.Equal(5, header.TranStateTableOffset);
        Assert.Equal(9000, header.CommitLogOffset);
        Assert.Equal("UNIQ1", header.MsgId);
        Assert.Equal("TXID", header.TransactionId);
    }

    [Fact]
    public async Task A_plain_producer_cannot_send_in_a_transaction() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _instance.CreateProducer(new ProducerOptions("plain"), null)
                .SendInTransactionAsync(new Message("TopicTest", "x"), (_, _, _) => ValueTask.FromResult(TransactionState.Commit)).AsTask());
}
