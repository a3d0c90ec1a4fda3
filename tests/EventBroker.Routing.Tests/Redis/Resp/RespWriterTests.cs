using System.Text;
using EventBroker.Routing.Redis.Resp;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>Commands as the exact bytes on the wire.</summary>
public sealed class RespWriterTests
{
    private static string Encode(string command, params RedisArg[] args) => Encoding.UTF8.GetString(RespWriter.Encode(command, args));

    [Fact]
    public void Command_without_arguments() => Assert.Equal("*1\r\n$4\r\nPING\r\n", Encode("PING"));

    [Fact]
    public void Text_number_and_bytes_arguments()
    {
        Assert.Equal("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n$2\r\n-7\r\n", Encode("SET", "k", "hello", -7));
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\n", Encode("ECHO", new byte[] { (byte)'a', (byte)'\r', (byte)'\n' }));
    }

    [Fact]
    public void Utf8_lengths_count_bytes_not_characters()
        => Assert.Equal("*2\r\n$4\r\nECHO\r\n$6\r\ngrüß\r\n", Encode("ECHO", "grüß"));

    [Fact]
    public void Empty_argument() => Assert.Equal("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", Encode("ECHO", ""));

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(double.PositiveInfinity, "+inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.1, "0.1")]
    public void Doubles_in_the_form_Redis_parses(double value, string expected)
        => Assert.Equal($"*2\r\n$4\r\nECHO\r\n${expected.Length}\r\n{expected}\r\n", Encode("ECHO", value));

    [Fact]
    public void Ten_or_more_parts_use_multi_digit_counts()
    {
        var args = Enumerable.Range(0, 10).Select(i => (RedisArg)i).ToArray();

        var encoded = Encode("RPUSH", args);

        Assert.StartsWith("*11\r\n$5\r\nRPUSH\r\n$1\r\n0\r\n", encoded, StringComparison.Ordinal);
        Assert.EndsWith("$1\r\n9\r\n", encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_argument_has_a_multi_digit_length()
    {
        var value = new string('x', 12345);

        Assert.Equal($"*2\r\n$4\r\nECHO\r\n$12345\r\n{value}\r\n", Encode("ECHO", value));
    }

    [Fact]
    public void Arguments_are_copied_so_the_caller_may_reuse_its_buffer()
    {
        var buffer = "abc"u8.ToArray();
        var encoded = RespWriter.Encode("ECHO", [buffer]);

        buffer[0] = (byte)'z';

        Assert.Equal("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n", Encoding.UTF8.GetString(encoded));
    }
}
