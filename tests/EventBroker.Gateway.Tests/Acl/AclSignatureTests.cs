using System.Text;
using EventBroker.Gateway.Acl;

namespace EventBroker.Gateway.Tests.Acl;

/// <summary>
/// Signature vectors. Each expected value was computed independently of this code with OpenSSL over the content
/// written out by hand in Java String order, e.g.
/// <c>printf '%s' RocketMQ PID_test TopicTest … 'Hello RocketMQ' | openssl dgst -sha1 -hmac 12345678 -binary | base64</c>.
/// </summary>
public sealed class AclSignatureTests
{
    private const string Properties = "UNIQ_KEY\u0001AC1100010001\u0002WAIT\u0001true\u0002TAGS\u0001TagA";

    /// <summary>A Java SEND_MESSAGE_V2: the flattened a..m short keys, AccessKey first (upper case sorts first).</summary>
    private static Dictionary<string, string> SendV2() => new()
    {
        ["m"] = "false",
        ["k"] = "false",
        ["j"] = "0",
        ["i"] = Properties,
        ["h"] = "0",
        ["g"] = "1700000000000",
        ["f"] = "0",
        ["e"] = "0",
        ["d"] = "4",
        ["c"] = "TBW102",
        ["b"] = "TopicTest",
        ["a"] = "PID_test",
        ["AccessKey"] = "RocketMQ",
    };

    [Fact]
    public void Send_v2_with_short_keys_and_a_body()
    {
        var signature = AclSignature.Compute(SendV2(), "Hello RocketMQ"u8, "12345678");
        Assert.Equal("tPl7J4/uLzZGpaqYDJMX9FbFryE=", signature);
    }

    [Fact]
    public void The_signature_field_itself_and_unique_key_query_are_left_out()
    {
        var fields = SendV2();
        fields["Signature"] = "whatever";
        fields["_UNIQUE_KEY_QUERY"] = "true";
        Assert.Equal("tPl7J4/uLzZGpaqYDJMX9FbFryE=", AclSignature.Compute(fields, "Hello RocketMQ"u8, "12345678"));
        Assert.NotEqual("tPl7J4/uLzZGpaqYDJMX9FbFryE=", AclSignature.Compute(fields, "Hello RocketMQ"u8, "12345678", excluded: null));
    }

    /// <summary>
    /// A C++/ali-ons style pull: OnsChannel and SecurityToken are ordinary fields. Java order puts upper case before
    /// '_' before lower case, and compares char by char ("commitOffset" &lt; "consumerGroup", "queueId" &lt; "queueOffset",
    /// "subVersion" &lt; "subscription").
    /// </summary>
    [Fact]
    public void Cpp_pull_with_ons_channel_security_token_and_java_key_order()
    {
        var fields = new Dictionary<string, string>
        {
            ["topic"] = "TopicTest",
            ["sysFlag"] = "6",
            ["suspendTimeoutMillis"] = "15000",
            ["subscription"] = "TagA || TagB",
            ["subVersion"] = "0",
            ["queueOffset"] = "100",
            ["queueId"] = "1",
            ["maxMsgNums"] = "32",
            ["expressionType"] = "TAG",
            ["consumerGroup"] = "GID_cpp",
            ["commitOffset"] = "0",
            ["_custom"] = "x",
            ["Signature"] = "ignored",
            ["SecurityToken"] = "tok",
            ["OnsChannel"] = "ALIYUN",
            ["AccessKey"] = "ak_cpp_0001",
        };
        Assert.Equal("tdgEetcS5Ij5DbBju6RfIqe8XaM=", AclSignature.Compute(fields, default, "sk_cpp_secret"));
    }

    [Fact]
    public void Values_and_keys_are_utf8_and_a_binary_body_is_appended_as_is()
    {
        var fields = new Dictionary<string, string> { ["AccessKey"] = "RocketMQ", ["key"] = "中文-ключ" };
        Assert.Equal("9olIm9g+JdzDCqv1zF7qCx1/iaI=", AclSignature.Compute(fields, [0x00, 0xFF], "12345678"));
        var only = new Dictionary<string, string> { ["AccessKey"] = "RocketMQ" };
        Assert.Equal("W3sz/L79mXIjVmID8JOMCA6N8Vw=", AclSignature.Compute(only, default, "sécret-ü"));
    }

    [Fact]
    public void A_long_value_is_hashed_whole()
    {
        var value = new string('x', 5000) + "é";
        var fields = new Dictionary<string, string> { ["AccessKey"] = "RocketMQ", ["a"] = value };
        var direct = System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes("12345678"), Encoding.UTF8.GetBytes("RocketMQ" + value + "!"));
        Assert.Equal(Convert.ToBase64String(direct), AclSignature.Compute(fields, "!"u8, "12345678"));
    }

    [Fact]
    public void Verify_accepts_only_the_exact_signature()
    {
        var key = Encoding.UTF8.GetBytes("12345678");
        Assert.True(AclSignature.Verify(SendV2(), "Hello RocketMQ"u8, key, "tPl7J4/uLzZGpaqYDJMX9FbFryE=", AclSignature.UniqueKeyQueryKey));
        Assert.False(AclSignature.Verify(SendV2(), "Hello RocketMQ!"u8, key, "tPl7J4/uLzZGpaqYDJMX9FbFryE=", AclSignature.UniqueKeyQueryKey));
        Assert.False(AclSignature.Verify(SendV2(), "Hello RocketMQ"u8, key, "tPl7J4/uLzZGpaqYDJMX9FbFryE", AclSignature.UniqueKeyQueryKey));
        Assert.False(AclSignature.Verify(SendV2(), "Hello RocketMQ"u8, key, "", AclSignature.UniqueKeyQueryKey));
        Assert.False(AclSignature.Verify(SendV2(), "Hello RocketMQ"u8, Encoding.UTF8.GetBytes("123456789"), "tPl7J4/uLzZGpaqYDJMX9FbFryE=", AclSignature.UniqueKeyQueryKey));
    }
}
