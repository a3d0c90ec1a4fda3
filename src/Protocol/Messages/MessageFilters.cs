using EventBroker.Protocol.Bodies;

namespace EventBroker.Protocol.Messages;

/// <summary>TAG subscription matching as the Java broker and clients do it.</summary>
public static class MessageFilters
{
    /// <summary>"*", empty or null subscribes to every tag (FilterAPI.buildSubscriptionData).</summary>
    public static bool IsSubscribeAll(string? subString) =>
        string.IsNullOrEmpty(subString) || subString == SubscriptionData.SubAll;

    /// <summary>The tags of "TagA || TagB": split on "||", trimmed as Java's String.trim() does, empties dropped.</summary>
    public static List<string> SplitTags(string? subString)
    {
        var tags = new List<string>();
        if (IsSubscribeAll(subString))
        {
            return tags;
        }
        var rest = subString.AsSpan();
        while (true)
        {
            var end = rest.IndexOf("||", StringComparison.Ordinal);
            var tag = JavaTrim(end < 0 ? rest : rest[..end]);
            if (!tag.IsEmpty)
            {
                tags.Add(tag.ToString());
            }
            if (end < 0)
            {
                return tags;
            }
            rest = rest[(end + 2)..];
        }
    }

    /// <summary>
    /// Whether a message with <paramref name="tag"/> (null when it has none) is delivered to the subscription:
    /// everything for "*" or an empty tag set (SQL92 and class-filter subscriptions included: they are not
    /// decided by tags), otherwise only an exact member of tagsSet.
    /// </summary>
    public static bool TagMatches(SubscriptionData subscription, string? tag)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (MatchesAll(subscription))
        {
            return true;
        }
        return tag is not null && subscription.TagsSet.Contains(tag);
    }

    /// <summary>Allocation-free variant for a tag read from a stored record's properties.</summary>
    public static bool TagMatches(SubscriptionData subscription, ReadOnlySpan<char> tag, bool hasTag)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (MatchesAll(subscription))
        {
            return true;
        }
        if (!hasTag)
        {
            return false;
        }
        if (subscription.TagsSet.Comparer.Equals(StringComparer.Ordinal)
            && subscription.TagsSet.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.Contains(tag);
        }
        foreach (var candidate in subscription.TagsSet)
        {
            if (tag.SequenceEqual(candidate))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The broker's consume-queue check (ExpressionMessageFilter.isMatchedByConsumeQueue): tagsCode in codeSet.</summary>
    public static bool TagsCodeMatches(SubscriptionData subscription, long tagsCode)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (MatchesAll(subscription))
        {
            return true;
        }
        return tagsCode is >= int.MinValue and <= int.MaxValue && subscription.CodeSet.Contains((int)tagsCode);
    }

    private static bool MatchesAll(SubscriptionData subscription) =>
        IsSubscribeAll(subscription.SubString) || subscription.TagsSet.Count == 0 || subscription.ClassFilterMode;

    // String.trim(): strips chars up to U+0020 at both ends.
    private static ReadOnlySpan<char> JavaTrim(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && s[start] <= ' ')
        {
            start++;
        }
        while (end > start && s[end - 1] <= ' ')
        {
            end--;
        }
        return s[start..end];
    }
}
