using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Headers;

/// <summary>Field parsing follows Integer.parseInt, Long.parseLong and Boolean.parseBoolean.</summary>
public class HeaderFieldsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("+5", 5)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("007", 7)]
    public void Integer_fields_parse_like_Integer_parseInt(string text, int expected)
    {
        using var command = Command(("topic", "T"), ("queueId", text));

        Assert.Equal(expected, GetMaxOffsetRequestHeader.Decode(command).QueueId);
    }

    [Theory]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("0x10")]
    [InlineData("2147483648")]
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("abc")]
    public void Integer_fields_reject_what_Integer_parseInt_rejects(string text)
    {
        using var command = Command(("topic", "T"), ("queueId", text));

        var error = Assert.Throws<RemotingProtocolException>(() => GetMaxOffsetRequestHeader.Decode(command));

        Assert.Equal($"'queueId' is not an integer: {text}", error.Message);
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-1", -1)]
    public void Long_fields_parse_like_Long_parseLong(string text, long expected)
    {
        using var command = Command(("offset", text));

        Assert.Equal(expected, ViewMessageRequestHeader.Decode(command).Offset);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("1", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    public void Boolean_fields_parse_like_Boolean_parseBoolean(string text, bool expected)
    {
        using var command = Command(("topic", "T"), ("acceptStandardJsonOnly", text));

        Assert.Equal(expected, GetRouteInfoRequestHeader.Decode(command).AcceptStandardJsonOnly);
    }

    [Fact]
    public void Missing_required_field_in_a_request_names_the_first_one_java_checks()
    {
        using var command = Command(("consumerGroup", "g"));

        var error = Assert.Throws<RemotingProtocolException>(() => PullMessageRequestHeader.Decode(command));

        Assert.Equal("the request header has no 'topic'", error.Message);
    }

    [Fact]
    public void Missing_required_field_in_a_response_says_response()
    {
        using var request = new RemotingCommand { Code = 14 };
        using var response = RemotingCommand.CreateResponse(request, ResponseCode.QueryNotFound);

        var error = Assert.Throws<RemotingProtocolException>(() => QueryConsumerOffsetResponseHeader.Decode(response));

        Assert.Equal("the response header has no 'offset'", error.Message);
    }

    [Fact]
    public void Missing_boolean_marked_not_null_fails_like_java()
    {
        using var command = Command(
            ("topic", "T"), ("defaultTopic", "TBW102"), ("readQueueNums", "8"), ("writeQueueNums", "8"), ("perm", "6"),
            ("topicFilterType", "SINGLE_TAG"));

        var error = Assert.Throws<RemotingProtocolException>(() => CreateTopicRequestHeader.Decode(command));

        Assert.Equal("the request header has no 'order'", error.Message);
    }

    [Fact]
    public void No_ext_fields_at_all_is_a_missing_field_not_a_crash()
    {
        using var command = new RemotingCommand();

        var error = Assert.Throws<RemotingProtocolException>(() => DeleteTopicRequestHeader.Decode(command));

        Assert.Equal("the request header has no 'topic'", error.Message);
    }

    [Fact]
    public void Ali_ons_numeric_dialect_decodes_through_the_json_header()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            """{"code":36,"extFields":{"offset":12345,"group":"ons_group","delayLevel":0,"originMsgId":"0A00","originTopic":"T","unitMode":false,"maxReconsumeTimes":16}}""");

        var header = ConsumerSendMsgBackRequestHeader.Decode(command);

        Assert.Equal(12345, header.Offset);
        Assert.Equal(0, header.DelayLevel);
        Assert.False(header.UnitMode);
        Assert.Equal(16, header.MaxReconsumeTimes);
    }

    [Fact]
    public void Ali_ons_pull_with_sysflag_and_subscription_decodes()
    {
        using var command = FrameBytes.DecodeJsonHeader(
            """{"code":11,"language":"JAVA","version":121,"extFields":{"consumerGroup":"g","topic":"T","queueId":1,"queueOffset":0,"maxMsgNums":32,"sysFlag":7,"commitOffset":0,"suspendTimeoutMillis":20000,"subscription":"TagA","subVersion":1700000000000,"expressionType":"TAG"}}""");

        var header = PullMessageRequestHeader.Decode(command);

        Assert.Equal(7, header.SysFlag);
        Assert.Equal(1, header.QueueId);
        Assert.Equal(20000, header.SuspendTimeoutMillis);
        Assert.Equal(1700000000000, header.SubVersion);
        Assert.Equal("TAG", header.ExpressionType);
    }

    [Fact]
    public void EncodeTo_writes_strings_only()
    {
        using var command = new RemotingCommand();

        new EndTransactionRequestHeader
        {
            ProducerGroup = "p",
            TranStateTableOffset = 7,
            CommitLogOffset = 1234567890123,
            CommitOrRollback = 8,
            FromTransactionCheck = true,
            MsgId = "m",
        }.EncodeTo(command);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["producerGroup"] = "p",
                ["tranStateTableOffset"] = "7",
                ["commitLogOffset"] = "1234567890123",
                ["commitOrRollback"] = "8",
                ["fromTransactionCheck"] = "true",
                ["msgId"] = "m",
            },
            command.ExtFields);
    }

    private static RemotingCommand Command(params (string Key, string Value)[] fields)
    {
        var command = new RemotingCommand();
        foreach (var (key, value) in fields)
        {
            command.AddExt(key, value);
        }

        return command;
    }
}
