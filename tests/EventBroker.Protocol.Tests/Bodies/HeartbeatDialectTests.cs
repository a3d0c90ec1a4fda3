using System.Text;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Protocol.Tests.Bodies;

/// <summary>HEART_BEAT bodies as the three client families send them.</summary>
public sealed class HeartbeatDialectTests
{
    private static HeartbeatData Read(string json) => HeartbeatData.FromJson(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void FromJson_reads_cpp_form_with_ordinals_and_derives_tags()
    {
        // rocketmq-client-cpp 3.0: enum ordinals, subVersion as a string, no tagsSet/codeSet/expressionType.
        var heartbeat = Read(
            "{\"clientID\":\"127.0.0.1@1234#1695374871#1557398938#0\",\"consumerDataSet\":[{\"consumeFromWhere\":0,\"consumeType\":1,"
            + "\"groupName\":\"g\",\"messageModel\":1,\"subscriptionDataSet\":[{\"classFilterMode\":false,\"subString\":\"TagA || TagB\","
            + "\"subVersion\":\"1700000000000\",\"topic\":\"T\"}],\"unitMode\":false}],\"producerDataSet\":[]}\n");

        Assert.Equal("127.0.0.1@1234#1695374871#1557398938#0", heartbeat.ClientID);
        Assert.Empty(heartbeat.ProducerDataSet);
        var consumer = Assert.Single(heartbeat.ConsumerDataSet);
        Assert.Equal("g", consumer.GroupName);
        Assert.Equal(ConsumeType.CONSUME_PASSIVELY, consumer.ConsumeType);
        Assert.Equal(MessageModel.CLUSTERING, consumer.MessageModel);
        Assert.Equal(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, consumer.ConsumeFromWhere);
        var subscription = Assert.Single(consumer.SubscriptionDataSet);
        Assert.Equal("T", subscription.Topic);
        Assert.Equal(1700000000000, subscription.SubVersion);
        Assert.Equal("TagA || TagB", subscription.SubString);
        Assert.Equal(["TagA", "TagB"], subscription.TagsSet.Order(StringComparer.Ordinal));
        Assert.Equal([2598919, 2598920], subscription.CodeSet.Order());
        Assert.Null(subscription.ExpressionType);
    }

    [Fact]
    public void FromJson_reads_cpp_form_subscribing_to_all()
    {
        var heartbeat = Read(
            "{\"clientID\":\"c\",\"consumerDataSet\":[{\"consumeFromWhere\":4,\"consumeType\":1,\"groupName\":\"g\",\"messageModel\":0,"
            + "\"subscriptionDataSet\":[{\"classFilterMode\":false,\"subString\":\"*\",\"subVersion\":\"1\",\"topic\":\"T\"},"
            + "{\"classFilterMode\":false,\"subString\":\"\",\"subVersion\":\"2\",\"topic\":\"U\"}],\"unitMode\":false}],\"producerDataSet\":[]}");

        var consumer = Assert.Single(heartbeat.ConsumerDataSet);
        Assert.Equal(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, consumer.ConsumeFromWhere);
        Assert.Equal(MessageModel.BROADCASTING, consumer.MessageModel);
        Assert.All(consumer.SubscriptionDataSet, s =>
        {
            Assert.Equal(SubscriptionData.SubAll, s.SubString);
            Assert.Empty(s.TagsSet);
            Assert.Empty(s.CodeSet);
        });
    }

    [Fact]
    public void FromJson_reads_ali_ons_form()
    {
        // ali-ons 3.12 (lib/mq_client.js _prepareHeartbeatData + lib/consumer/mq_push_consumer.js buildSubscriptionData):
        // JSON.stringify in insertion order, enum names, numeric subVersion, tagsSet/codeSet but no expressionType,
        // and the retry topic subscribed with "*".
        var heartbeat = Read(
            "{\"clientID\":\"10.0.0.9@12345\",\"consumerDataSet\":[{\"groupName\":\"GID_demo\",\"consumeType\":\"CONSUME_PASSIVELY\","
            + "\"messageModel\":\"CLUSTERING\",\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\",\"subscriptionDataSet\":["
            + "{\"topic\":\"TopicTest\",\"subString\":\"TagA || TagB\",\"classFilterMode\":false,\"tagsSet\":[\"TagA\",\"TagB\"],"
            + "\"codeSet\":[2598919,2598920],\"subVersion\":1700000000000},"
            + "{\"topic\":\"%RETRY%GID_demo\",\"subString\":\"*\",\"classFilterMode\":false,\"tagsSet\":[],\"codeSet\":[],"
            + "\"subVersion\":1700000000001}],\"unitMode\":false}],\"producerDataSet\":[{\"groupName\":\"PID_demo\"}]}");

        Assert.Equal("10.0.0.9@12345", heartbeat.ClientID);
        Assert.Equal("PID_demo", Assert.Single(heartbeat.ProducerDataSet).GroupName);
        var consumer = Assert.Single(heartbeat.ConsumerDataSet);
        Assert.Equal(ConsumeType.CONSUME_PASSIVELY, consumer.ConsumeType);
        Assert.Equal(2, consumer.SubscriptionDataSet.Count);
        var tags = consumer.SubscriptionDataSet[0];
        Assert.Equal(["TagA", "TagB"], tags.TagsSet.Order(StringComparer.Ordinal));
        Assert.Equal([2598919, 2598920], tags.CodeSet.Order());
        Assert.Equal(1700000000000, tags.SubVersion);
        var retry = consumer.SubscriptionDataSet[1];
        Assert.Equal("%RETRY%GID_demo", retry.Topic);
        Assert.Empty(retry.TagsSet);
    }

    [Fact]
    public void FromJson_computes_codes_when_only_tags_are_sent()
    {
        var heartbeat = Read(
            "{\"clientID\":\"c\",\"consumerDataSet\":[{\"groupName\":\"g\",\"subscriptionDataSet\":[{\"topic\":\"T\",\"subString\":\"TagA\","
            + "\"tagsSet\":[\"TagA\"]}]}],\"producerDataSet\":[]}");
        Assert.Equal([2598919], heartbeat.ConsumerDataSet[0].SubscriptionDataSet[0].CodeSet);
    }

    [Fact]
    public void FromJson_leaves_sql92_subscriptions_untouched()
    {
        var heartbeat = Read(
            "{\"clientID\":\"c\",\"consumerDataSet\":[{\"groupName\":\"g\",\"subscriptionDataSet\":[{\"topic\":\"T\","
            + "\"subString\":\"a > 5 || b = 'x'\",\"expressionType\":\"SQL92\"}]}],\"producerDataSet\":[]}");
        var subscription = heartbeat.ConsumerDataSet[0].SubscriptionDataSet[0];
        Assert.Equal("SQL92", subscription.ExpressionType);
        Assert.Empty(subscription.TagsSet);
        Assert.Empty(subscription.CodeSet);
    }

    [Fact]
    public void ForTags_builds_what_java_FilterAPI_builds()
    {
        var data = SubscriptionData.ForTags("T", " TagA ||TagB|| ||", 5);
        Assert.Equal(["TagA", "TagB"], data.TagsSet.Order(StringComparer.Ordinal));
        Assert.Equal(" TagA ||TagB|| ||", data.SubString);
        Assert.Equal("TAG", data.ExpressionType);
        Assert.Equal(SubscriptionData.SubAll, SubscriptionData.ForTags("T", null, 5).SubString);
    }
}
