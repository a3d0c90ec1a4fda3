using EventBroker.Protocol.Frames;
using EventBroker.Protocol.Tests.TestSupport;

namespace EventBroker.Protocol.Tests.Frames;

/// <summary>ROCKETMQ binary headers: Java's reading rules and every length checked against the header's end.</summary>
public class BinaryHeaderTests
{
    // code 105, JAVA, version 401, opaque 5, flag 0
    private const string Fixed = "0069 00 0191 00000005 00000000";

    [Fact]
    public void Decode_remark_and_several_ext_entries()
    {
        using var command = DecodeBinary(Fixed + "00000002 6869" + "00000014 0001 61 00000001 31 0002 6262 00000004 74727565");

        Assert.Equal("hi", command.Remark);
        Assert.Equal("1", command.GetExt("a"));
        Assert.Equal("true", command.GetExt("bb"));
        Assert.Equal(SerializeType.RocketMq, command.SerializeType);
    }

    [Fact]
    public void Decode_zero_length_strings_read_as_null()
    {
        // remark length 0; an entry with an empty value and one with an empty key are absent fields in Java.
        using var command = DecodeBinary(Fixed + "00000000" + "00000016 0001 61 00000000 0000 00000001 78 0001 62 00000001 79");

        Assert.Null(command.Remark);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "y" }, command.ExtFields);
    }

    [Fact]
    public void Decode_no_ext_block_leaves_ext_fields_null()
    {
        using var command = DecodeBinary(Fixed + "00000000 00000000");

        Assert.Null(command.ExtFields);
    }

    [Fact]
    public void Decode_negative_code_and_version_and_unknown_language()
    {
        using var command = DecodeBinary("ffff 63 8000 ffffffff 00000001 00000000 00000000");

        Assert.Equal(-1, command.Code);
        Assert.Equal(LanguageCode.OTHER, command.Language);
        Assert.Equal(-32768, command.Version);
        Assert.Equal(-1, command.Opaque);
    }

    [Theory]
    [InlineData("0069 00 0191 00000005", "the ROCKETMQ header is 9 bytes, shorter than its 21-byte fixed part")]
    [InlineData(Fixed + "00000009 6869 00000000", "remark length is 9, past the 2 bytes left in the ROCKETMQ header")]
    [InlineData(Fixed + "ffffffff 00000000", "remark length is negative: -1")]
    [InlineData(Fixed + "00000000 00000010 0001 61", "ext fields length is 16, past the 3 bytes left in the ROCKETMQ header")]
    [InlineData(Fixed + "00000000 80000000", "ext fields length is negative: -2147483648")]
    [InlineData(Fixed + "00000000 00000001 00", "ext entry at offset 0 is truncated before its key length")]
    [InlineData(Fixed + "00000000 00000008 0009 61 00000001 31", "ext key length at offset 0 is 9, past the 6 bytes left in the ext fields")]
    [InlineData(Fixed + "00000000 00000008 ffff 61 00000001 31", "ext key length at offset 0 is negative: -1")]
    [InlineData(Fixed + "00000000 00000008 0001 61 00000002 31", "ext value length at offset 0 is 2, past the 1 bytes left in the ext fields")]
    [InlineData(Fixed + "00000000 00000008 0001 61 fffffffe 31", "ext value length at offset 0 is negative: -2")]
    [InlineData(Fixed + "00000000 0000000f 0001 61 00000001 31 0005 6263 000000", "ext entry at offset 8 is truncated before its value length")]
    public void Decode_lengths_past_the_header_end_throw(string headerHex, string message)
    {
        var error = Assert.Throws<RemotingProtocolException>(() => DecodeBinary(headerHex));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Decode_ext_block_shorter_than_the_header_ignores_trailing_bytes()
    {
        // Java reads the ext map up to extLen and never looks at what follows.
        using var command = DecodeBinary(Fixed + "00000000 00000008 0001 61 00000001 31 dead");

        Assert.Equal("1", command.GetExt("a"));
    }

    [Fact]
    public void Encode_empty_remark_and_empty_ext_map_as_zero_lengths()
    {
        using var command = new RemotingCommand
        {
            Code = 105,
            Version = 401,
            Opaque = 5,
            Remark = "",
            ExtFields = [],
            SerializeType = SerializeType.RocketMq,
        };

        var frame = RemotingCommandCodec.EncodeToArray(command);

        Assert.Equal(Hex.Format(Hex.Parse("00000019 01000015" + Fixed + "00000000 00000000")), Hex.Format(frame));
    }

    [Fact]
    public void Encode_truncates_code_and_version_to_16_bits_as_java_does()
    {
        using var command = new RemotingCommand { Code = 0x1_0069, Version = 0x2_0191, SerializeType = SerializeType.RocketMq };

        using var decoded = FrameBytes.Decode(RemotingCommandCodec.EncodeToArray(command));

        Assert.Equal(105, decoded.Code);
        Assert.Equal(401, decoded.Version);
    }

    [Fact]
    public void Encode_key_longer_than_a_short_length_throws()
    {
        using var command = new RemotingCommand { SerializeType = SerializeType.RocketMq };
        command.AddExt(new string('k', 40000), "v");

        var error = Assert.Throws<RemotingProtocolException>(() => RemotingCommandCodec.EncodeToArray(command));

        Assert.Equal("ext key of 40000 bytes exceeds the 32767-byte key limit of a ROCKETMQ header", error.Message);
    }

    [Fact]
    public void Encode_unpaired_surrogate_as_question_mark_like_java()
    {
        using var command = new RemotingCommand { Remark = "a\ud800b", SerializeType = SerializeType.RocketMq };

        using var decoded = FrameBytes.Decode(RemotingCommandCodec.EncodeToArray(command));

        Assert.Equal("a?b", decoded.Remark);
    }

    private static RemotingCommand DecodeBinary(string headerHex) =>
        FrameBytes.Decode(FrameBytes.Build(SerializeType.RocketMq, Hex.Parse(headerHex)));
}
