using System.Security.Cryptography;
using System.Text;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;

namespace EventBroker.Client.Tests.Unit;

/// <summary>
/// Signing as §7 of the protocol notes describes it, with the account from its worked example (RocketMQ / 12345678).
/// The expected signatures were computed outside this code base: with Java's TreeMap + javax.crypto HmacSHA1 (as
/// AclUtils does) and again with Python's hmac module; both gave these values.
/// </summary>
public sealed class AclSignerTests
{
    private static readonly AclCredentials Account = new("RocketMQ", "12345678");

    [Fact]
    public void A_send_is_signed_over_the_sorted_short_keys_and_the_body()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.SendMessageV2);
        foreach (var (key, value) in new[]
        {
            ("a", "PID_acl"), ("b", "TopicTest"), ("c", "TBW102"), ("d", "4"), ("e", "0"), ("f", "0"), ("g", "1700000000000"),
            ("h", "0"), ("i", "TAGS\u0001TagA\u0002WAIT\u0001true"), ("j", "0"), ("k", "false"), ("m", "false"),
        })
        {
            request.AddExt(key, value);
        }
        request.Body = Encoding.UTF8.GetBytes("Hello RocketMQ");

        AclSigner.Sign(request, Account);

        Assert.Equal("RocketMQ", request.GetExt("AccessKey"));
        Assert.Equal("UgBMU/yjaQLyYLZbbmo428s6T9o=", request.GetExt("Signature"));
    }

    [Fact]
    public void A_request_without_body_signs_the_values_only()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.GetRouteInfoByTopic).AddExt("topic", "TopicTest");
        AclSigner.Sign(request, Account);
        Assert.Equal("0jiwhsaYp5ObE5GObbZH1I8/FT4=", request.GetExt("Signature"));
    }

    [Fact]
    public void Signing_again_replaces_the_signature_and_matches_an_independent_hmac()
    {
        var request = RemotingCommand.CreateRequest((int)RequestCode.HeartBeat).AddExt("zeta", "1").AddExt("Alpha", "2");
        request.Body = "{}"u8.ToArray();
        AclSigner.Sign(request, Account with { SecurityToken = "token" });
        var first = request.GetExt("Signature");
        AclSigner.Sign(request, Account with { SecurityToken = "token" });

        // Java String order: "AccessKey" < "Alpha" < "SecurityToken" < "zeta" (upper case before lower case).
        var expected = Convert.ToBase64String(HMACSHA1.HashData("12345678"u8, Encoding.UTF8.GetBytes("RocketMQ" + "2" + "token" + "1" + "{}")));
        Assert.Equal(expected, request.GetExt("Signature"));
        Assert.Equal(first, request.GetExt("Signature"));
        Assert.Equal("token", request.GetExt("SecurityToken"));
    }

    [Fact]
    public void Credentials_never_print_the_secret() =>
        Assert.DoesNotContain("12345678", Account.ToString(), StringComparison.Ordinal);
}
