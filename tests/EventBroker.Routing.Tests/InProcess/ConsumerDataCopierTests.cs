using EventBroker.Protocol.Bodies;
using EventBroker.Routing.InProcess;

namespace EventBroker.Routing.Tests.InProcess;

public sealed class ConsumerDataCopierTests
{
    // If one of these fails, ConsumerData or SubscriptionData gained or lost a property: teach ConsumerDataCopier about it.
    [Fact]
    public void The_copier_knows_every_property_of_ConsumerData()
        => Assert.Equal(
            ["ConsumeFromWhere", "ConsumeType", "GroupName", "MessageModel", "SubscriptionDataSet", "UnitMode"],
            typeof(ConsumerData).GetProperties().Select(p => p.Name).Order());

    [Fact]
    public void The_copier_knows_every_property_of_SubscriptionData()
        => Assert.Equal(
            ["ClassFilterMode", "CodeSet", "ExpressionType", "FilterClassSource", "SubString", "SubVersion", "TagsSet", "Topic"],
            typeof(SubscriptionData).GetProperties().Select(p => p.Name).Order());

    [Fact]
    public void Copy_has_equal_values_and_shares_no_mutable_state()
    {
        var original = new ConsumerData
        {
            GroupName = "g",
            ConsumeType = ConsumeType.CONSUME_ACTIVELY,
            MessageModel = MessageModel.BROADCASTING,
            ConsumeFromWhere = ConsumeFromWhere.CONSUME_FROM_TIMESTAMP,
            UnitMode = true,
            SubscriptionDataSet =
            [
                new SubscriptionData
                {
                    ClassFilterMode = true, Topic = "T", SubString = "a || b", TagsSet = ["a", "b"], CodeSet = [97, 98],
                    SubVersion = 42, ExpressionType = "TAG", FilterClassSource = "src",
                },
            ],
        };

        var copy = ConsumerDataCopier.Copy(original);

        Assert.Equal((original.GroupName, original.ConsumeType, original.MessageModel, original.ConsumeFromWhere, original.UnitMode),
                     (copy.GroupName, copy.ConsumeType, copy.MessageModel, copy.ConsumeFromWhere, copy.UnitMode));
        var (o, c) = (original.SubscriptionDataSet[0], copy.SubscriptionDataSet[0]);
        Assert.Equal((o.ClassFilterMode, o.Topic, o.SubString, o.SubVersion, o.ExpressionType, o.FilterClassSource),
                     (c.ClassFilterMode, c.Topic, c.SubString, c.SubVersion, c.ExpressionType, c.FilterClassSource));
        Assert.Equal(o.TagsSet, c.TagsSet);
        Assert.Equal(o.CodeSet, c.CodeSet);
        Assert.NotSame(original.SubscriptionDataSet, copy.SubscriptionDataSet);
        Assert.NotSame(o, c);
        Assert.NotSame(o.TagsSet, c.TagsSet);
        Assert.NotSame(o.CodeSet, c.CodeSet);
    }
}
