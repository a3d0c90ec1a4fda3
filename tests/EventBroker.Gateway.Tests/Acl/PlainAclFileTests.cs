using EventBroker.Gateway.Acl;

namespace EventBroker.Gateway.Tests.Acl;

public sealed class PlainAclFileTests
{
    /// <summary>RocketMQ's own sample shape, plus an admin account with resource permissions.</summary>
    internal const string Sample = """
        globalWhiteRemoteAddresses:
          - 10.10.103.*
          - 192.168.0.*
        accounts:
          - accessKey: RocketMQ
            secretKey: 12345678
            whiteRemoteAddress:
            admin: false
            defaultTopicPerm: DENY
            defaultGroupPerm: SUB
            topicPerms:
              - topicA=DENY
              - topicB=PUB|SUB
              - topicC=SUB
              - topicP=PUB
            groupPerms:
              # the group should be subscribed with the retry topic of its name
              - groupA=DENY
              - groupB=PUB|SUB
              - groupC=SUB
          - accessKey: rocketmq2
            secretKey: "12345678"
            whiteRemoteAddress: 192.168.1.*
            # if it is admin, it could access all resources
            admin: true
          - accessKey: adminWithPerms
            secretKey: '87654321'
            admin: true
            defaultTopicPerm: PUB|SUB
            topicPerms: ["secret=DENY"]
        dataVersion:
          - counter: 3
            timestamp: 1700000000000
        """;

    [Fact]
    public void Reads_rocketmq_shape()
    {
        var (rules, warnings) = PlainAclFile.Parse(Sample, "plain_acl.yml");
        Assert.Empty(warnings);
        Assert.Equal(["10.10.103.*", "192.168.0.*"], rules.GlobalWhiteRemoteAddresses.Select(p => p.Text));
        Assert.Equal(3, rules.Accounts.Count);

        var rocketmq = rules.Accounts["RocketMQ"];
        Assert.Equal("12345678", rocketmq.SecretKey);
        Assert.False(rocketmq.Admin);
        Assert.Equal("", rocketmq.WhiteRemoteAddress.Text);
        Assert.Equal(AclPermission.Deny, rocketmq.DefaultTopicPerm);
        Assert.Equal(AclPermission.Sub, rocketmq.DefaultGroupPerm);
        Assert.Equal(AclPermission.Pub | AclPermission.Sub, rocketmq.ResourcePerms["topicB"]);
        Assert.Equal(AclPermission.Deny, rocketmq.ResourcePerms["%RETRY%groupA"]);
        Assert.False(rocketmq.ResourcePerms.ContainsKey("groupA"));

        var admin = rules.Accounts["rocketmq2"];
        Assert.True(admin.Admin);
        Assert.Empty(admin.ResourcePerms);
        // Missing defaults are DENY, as in RocketMQ.
        Assert.Equal(AclPermission.Deny, admin.DefaultTopicPerm);
        Assert.Equal(AclPermission.Deny, rules.Accounts["adminWithPerms"].DefaultGroupPerm);
        Assert.Equal(AclPermission.Deny, rules.Accounts["adminWithPerms"].ResourcePerms["secret"]);
    }

    [Fact]
    public void Unknown_keys_and_duplicate_access_keys_are_warnings()
    {
        const string yaml = """
            accounts:
              - accessKey: RocketMQ
                secretKey: 12345678
                topicPerm: [topicA=PUB]
              - accessKey: RocketMQ
                secretKey: 87654321
            extra: 1
            """;
        var (rules, warnings) = PlainAclFile.Parse(yaml, "f.yml");
        Assert.Equal("87654321", rules.Accounts["RocketMQ"].SecretKey);
        Assert.Collection(warnings,
            w => Assert.StartsWith("f.yml line 4: unknown account key 'topicPerm' ignored", w, StringComparison.Ordinal),
            w => Assert.Equal("f.yml line 5: accessKey RocketMQ is defined twice; the last definition is used", w),
            w => Assert.Equal("f.yml line 7: unknown key 'extra' ignored", w));
    }

    [Fact]
    public void An_empty_account_list_is_valid_and_refuses_everyone() =>
        Assert.Empty(PlainAclFile.Parse("accounts: []\n", "f.yml").Rules.Accounts);

    [Fact]
    public void Invalid_yaml_is_refused_with_its_line()
    {
        var ex = Assert.Throws<AclConfigException>(() => PlainAclFile.Parse("accounts:\n  - accessKey: [RocketMQ\n", "f.yml"));
        Assert.Matches(@"^f\.yml line \d+: not valid YAML: ", ex.Message);
    }

    [Theory]
    [InlineData("", "f.yml is empty")]
    [InlineData("- a\n- b\n", "f.yml line 1: expected keys globalWhiteRemoteAddresses and accounts at the top level")]
    [InlineData("accounts: RocketMQ\n", "f.yml line 1: accounts must be a list")]
    [InlineData("accounts:\n  - accessKey: short\n    secretKey: 12345678\n", "f.yml line 2: the account needs an accessKey and a secretKey of at least 7 characters each")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n", "f.yml line 2: the account needs an accessKey and a secretKey")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    topicPerms: [topicA]\n", "f.yml line 4: topicPerms entry 'topicA' is not NAME=PERM")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    groupPerms:\n      - g=READ\n", "f.yml line 5: groupPerms entry 'g=READ' has permission 'READ'; write DENY, PUB, SUB or PUB|SUB")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    defaultTopicPerm: pub\n", "f.yml account at line 2: defaultTopicPerm is 'pub'; write DENY, PUB, SUB or PUB|SUB")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    admin: yes please\n", "f.yml line 4: admin is 'yes please'; write true or false")]
    [InlineData("accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n    whiteRemoteAddress: 192.168.*\n", "f.yml line 4: '192.168.*': an IPv4 pattern has 4 parts")]
    [InlineData("globalWhiteRemoteAddresses:\n  - 1.2.3\n", "f.yml line 2: '1.2.3' is not an IPv4 or IPv6 address")]
    [InlineData("accounts:\n  - RocketMQ\n", "f.yml line 2: an account is a map")]
    public void Refuses_what_it_cannot_use_naming_the_line(string yaml, string message)
    {
        var ex = Assert.Throws<AclConfigException>(() => PlainAclFile.Parse(yaml, "f.yml"));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }
}
