using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.InProcess;

/// <summary>
/// Deep copies of heartbeat consumer data: the store keeps its own copy and hands out copies, so neither the
/// heartbeat processor nor a reader can change a registered member behind the store's back.
/// A test fails when ConsumerData or SubscriptionData gains a property this copier does not know.
/// </summary>
internal static class ConsumerDataCopier
{
    public static ConsumerData Copy(ConsumerData data) => new()
    {
        GroupName = data.GroupName,
        ConsumeType = data.ConsumeType,
        MessageModel = data.MessageModel,
        ConsumeFromWhere = data.ConsumeFromWhere,
        SubscriptionDataSet = data.SubscriptionDataSet.Select(Copy).ToList(),
        UnitMode = data.UnitMode,
    };

    public static SubscriptionData Copy(SubscriptionData data) => new()
    {
        ClassFilterMode = data.ClassFilterMode,
        Topic = data.Topic,
        SubString = data.SubString,
        TagsSet = new HashSet<string>(data.TagsSet, data.TagsSet.Comparer),
        CodeSet = new HashSet<int>(data.CodeSet, data.CodeSet.Comparer),
        SubVersion = data.SubVersion,
        ExpressionType = data.ExpressionType,
        FilterClassSource = data.FilterClassSource,
    };
}
