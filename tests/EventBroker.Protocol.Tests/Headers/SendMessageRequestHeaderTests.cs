using EventBroker.Protocol.Headers;

namespace EventBroker.Protocol.Tests.Headers;

public class SendMessageRequestHeaderTests
{
    private static readonly (string Short, string Long, string Value)[] Fields =
    [
        ("a", "producerGroup", "pg"),
        ("b", "topic", "TopicTest"),
        ("c", "defaultTopic", "TBW102"),
        ("d", "defaultTopicQueueNums", "4"),
        ("e", "queueId", "3"),
        ("f", "sysFlag", "2"),
        ("g", "bornTimestamp", "1700000000123"),
        ("h", "flag", "9"),
        ("i", "properties", "TAGS\u0001TagA\u0002WAIT\u0001true"),
        ("j", "reconsumeTimes", "1"),
        ("k", "unitMode", "true"),
        ("l", "maxReconsumeTimes", "16"),
        ("m", "batch", "true"),
    ];

    [Theory]
    [InlineData(RequestCode.SendMessageV2)]
    [InlineData(RequestCode.SendBatchMessage)]
    [InlineData(RequestCode.SendReplyMessageV2)]
    public void Decode_v2_codes_map_a_to_m(RequestCode code)
    {
        using var command = Command(code, Fields.Select(f => (f.Short, f.Value)));
        command.AddExt("n", "broker-a");

        AssertAllFields(SendMessageRequestHeader.Decode(command));
        Assert.Equal("broker-a", SendMessageRequestHeader.Decode(command).BrokerName);
    }

    [Theory]
    [InlineData(RequestCode.SendMessage)]
    [InlineData(RequestCode.SendReplyMessage)]
    public void Decode_v1_codes_read_the_long_names(RequestCode code)
    {
        using var command = Command(code, Fields.Select(f => (f.Long, f.Value)));
        command.AddExt("brokerName", "broker-b");

        AssertAllFields(SendMessageRequestHeader.Decode(command));
        Assert.Equal("broker-b", SendMessageRequestHeader.Decode(command).BrokerName);
    }

    [Fact]
    public void Decode_v1_takes_the_5x_bname_when_brokerName_is_absent()
    {
        using var command = Command(RequestCode.SendMessage, Fields.Select(f => (f.Long, f.Value)));
        command.AddExt("bname", "broker-c");

        Assert.Equal("broker-c", SendMessageRequestHeader.Decode(command).BrokerName);
    }

    [Fact]
    public void Decode_optional_fields_absent_are_null_or_false()
    {
        using var command = Command(RequestCode.SendMessageV2, Fields.Take(8).Select(f => (f.Short, f.Value)));

        var header = SendMessageRequestHeader.Decode(command);

        Assert.Null(header.Properties);
        Assert.Null(header.ReconsumeTimes);
        Assert.Null(header.MaxReconsumeTimes);
        Assert.Null(header.BrokerName);
        Assert.False(header.UnitMode);
        Assert.False(header.Batch);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EncodeTo_writes_exactly_the_java_field_names(bool v2)
    {
        using var command = Command(RequestCode.SendMessageV2, Fields.Select(f => (f.Short, f.Value)));
        var header = SendMessageRequestHeader.Decode(command);
        using var encoded = new RemotingCommand();

        header.EncodeTo(encoded, v2);

        var expected = Fields.ToDictionary(f => v2 ? f.Short : f.Long, f => f.Value);
        Assert.Equal(expected.OrderBy(kv => kv.Key), encoded.ExtFields!.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void EncodeTo_without_the_flag_follows_the_command_code()
    {
        var header = new SendMessageRequestHeader { ProducerGroup = "p", Topic = "t", DefaultTopic = "TBW102" };
        using var v2 = new RemotingCommand { Code = (int)RequestCode.SendMessageV2 };
        using var v1 = new RemotingCommand { Code = (int)RequestCode.SendMessage };

        header.EncodeTo(v2);
        header.EncodeTo(v1);

        Assert.Equal("t", v2.GetExt("b"));
        Assert.Equal("false", v2.GetExt("k"));
        Assert.Equal("t", v1.GetExt("topic"));
        Assert.Equal("false", v1.GetExt("batch"));
        Assert.Null(v1.GetExt("properties"));
    }

    [Theory]
    [InlineData(RequestCode.SendMessageV2, "b", "the request header has no 'b'")]
    [InlineData(RequestCode.SendMessage, "topic", "the request header has no 'topic'")]
    [InlineData(RequestCode.SendMessageV2, "g", "the request header has no 'g'")]
    public void Decode_missing_required_field_names_it(RequestCode code, string removed, string message)
    {
        var names = code == RequestCode.SendMessageV2 ? Fields.Select(f => f.Short) : Fields.Select(f => f.Long);
        using var command = Command(code, names.Zip(Fields, (name, f) => (name, f.Value)).Where(f => f.name != removed));

        var error = Assert.Throws<RemotingProtocolException>(() => SendMessageRequestHeader.Decode(command));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("e", "abc", "'e' is not an integer: abc")]
    [InlineData("g", "1.5", "'g' is not a long integer: 1.5")]
    [InlineData("j", "", "'j' is not an integer: ")]
    public void Decode_unparsable_number_names_the_field_and_value(string field, string value, string message)
    {
        using var command = Command(RequestCode.SendMessageV2, Fields.Select(f => (f.Short, f.Short == field ? value : f.Value)));

        var error = Assert.Throws<RemotingProtocolException>(() => SendMessageRequestHeader.Decode(command));

        Assert.Equal(message, error.Message);
    }

    private static void AssertAllFields(SendMessageRequestHeader header)
    {
        Assert.Equal("pg", header.ProducerGroup);
        Assert.Equal("TopicTest", header.Topic);
        Assert.Equal("TBW102", header.DefaultTopic);
        Assert.Equal(4, header.DefaultTopicQueueNums);
        Assert.Equal(3, header.QueueId);
        Assert.Equal(2, header.SysFlag);
        Assert.Equal(1700000000123, header.BornTimestamp);
        Assert.Equal(9, header.Flag);
        Assert.Equal("TAGS\u0001TagA\u0002WAIT\u0001true", header.Properties);
        Assert.Equal(1, header.ReconsumeTimes);
        Assert.True(header.UnitMode);
        Assert.Equal(16, header.MaxReconsumeTimes);
        Assert.True(header.Batch);
    }

    private static RemotingCommand Command(RequestCode code, IEnumerable<(string Key, string Value)> fields)
    {
        var command = new RemotingCommand { Code = (int)code };
        foreach (var (key, value) in fields)
        {
            command.AddExt(key, value);
        }

        return command;
    }
}
