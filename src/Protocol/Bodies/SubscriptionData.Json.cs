using EventBroker.Protocol.Json;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Bodies;

public sealed partial class SubscriptionData : IFastJsonBody<SubscriptionData>
{
    public const string ExpressionTypeTag = "TAG";
    public const string ExpressionTypeSql92 = "SQL92";

    /// <summary>
    /// A TAG subscription as FilterAPI.buildSubscriptionData builds it: "TagA || TagB" gives tagsSet
    /// {TagA, TagB} and codeSet their hash codes; null, empty or "*" subscribes to everything.
    /// </summary>
    public static SubscriptionData ForTags(string topic, string? subString, long subVersion)
    {
        var data = new SubscriptionData { Topic = topic, SubVersion = subVersion, ExpressionType = ExpressionTypeTag };
        data.SetTagsFromSubString(subString);
        return data;
    }

    public byte[] ToJson(bool standardJson = false) => FastJson.Serialize(this, standardJson);

    public static SubscriptionData FromJson(ReadOnlySpan<byte> utf8) => FastJson.Deserialize<SubscriptionData>(utf8);

    public void WriteJson(FastJsonWriter writer)
    {
        // filterClassSource is @JSONField(serialize = false) in Java: never written.
        writer.WriteStartObject();
        writer.WriteProperty("classFilterMode", ClassFilterMode);
        writer.WritePropertyName("codeSet");
        writer.WriteInt32Set(CodeSet);
        writer.WriteProperty("expressionType", ExpressionType);
        writer.WriteProperty("subString", SubString);
        writer.WriteProperty("subVersion", SubVersion);
        writer.WritePropertyName("tagsSet");
        writer.WriteStringSet(TagsSet);
        writer.WriteProperty("topic", Topic);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Accepts the Java form and the C++ 3.0 form, which sends subVersion as a string and leaves out tagsSet,
    /// codeSet and expressionType: then the tags are derived from subString as the Java client would have.
    /// </summary>
    public static SubscriptionData FromNode(FastJsonNode node)
    {
        var data = new SubscriptionData();
        bool hasTags = false, hasCodes = false;
        foreach (var (key, value) in node.Members)
        {
            if (value.IsNull)
            {
                continue;
            }
            switch (key.GetString())
            {
                case "classFilterMode": data.ClassFilterMode = value.GetBoolean(); break;
                case "codeSet":
                    data.CodeSet = value.ToHashSet(static n => n.GetInt32());
                    hasCodes = true;
                    break;
                case "expressionType": data.ExpressionType = value.GetString(); break;
                case "filterClassSource": data.FilterClassSource = value.GetString(); break;
                case "subString": data.SubString = value.GetStringOrEmpty(); break;
                case "subVersion": data.SubVersion = value.GetInt64(); break;
                case "tagsSet":
                    data.TagsSet = value.ToHashSet(static n => n.GetStringOrEmpty(), StringComparer.Ordinal);
                    hasTags = true;
                    break;
                case "topic": data.Topic = value.GetStringOrEmpty(); break;
            }
        }
        var isTagExpression = data.ExpressionType is null
            || string.Equals(data.ExpressionType, ExpressionTypeTag, StringComparison.Ordinal);
        if (isTagExpression && !data.ClassFilterMode)
        {
            if (!hasTags)
            {
                data.SetTagsFromSubString(data.SubString);
            }
            else if (!hasCodes)
            {
                data.CodeSet = CodesOf(data.TagsSet);
            }
        }
        return data;
    }

    /// <summary>SubscriptionData.hashCode() in Java, which orders a HashSet of subscriptions.</summary>
    public int JavaHashCode()
    {
        var result = 31 + (ClassFilterMode ? 1231 : 1237);
        var codes = 0;
        foreach (var code in CodeSet)
        {
            codes = unchecked(codes + code);
        }
        result = unchecked((31 * result) + codes);
        result = unchecked((31 * result) + JavaString.HashCode(SubString ?? ""));
        var tags = 0;
        foreach (var tag in TagsSet)
        {
            tags = unchecked(tags + JavaString.HashCode(tag));
        }
        result = unchecked((31 * result) + tags);
        result = unchecked((31 * result) + JavaString.HashCode(Topic ?? ""));
        return unchecked((31 * result) + (ExpressionType is null ? 0 : JavaString.HashCode(ExpressionType)));
    }

    private void SetTagsFromSubString(string? subString)
    {
        TagsSet = new HashSet<string>(StringComparer.Ordinal);
        if (MessageFilters.IsSubscribeAll(subString))
        {
            SubString = SubAll;
            CodeSet = new HashSet<int>();
            return;
        }
        SubString = subString!;
        foreach (var tag in MessageFilters.SplitTags(subString))
        {
            TagsSet.Add(tag);
        }
        CodeSet = CodesOf(TagsSet);
    }

    private static HashSet<int> CodesOf(HashSet<string> tags)
    {
        var codes = new HashSet<int>(tags.Count);
        foreach (var tag in tags)
        {
            codes.Add(TagsCode.Of(tag));
        }
        return codes;
    }
}
