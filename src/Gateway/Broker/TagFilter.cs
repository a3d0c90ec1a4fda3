using System.Text;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Broker;

/// <summary>
/// A TAG subscription as the broker applies it: the tag's Java hash must be in the code set (what RocketMQ's consume
/// queue compares), then the exact tag must be in the tag set (what clients check again), so a hash collision never
/// delivers a foreign tag.
/// </summary>
public sealed class TagFilter : MessageFilter
{
    private readonly HashSet<int> _codes = [];
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);

    public TagFilter(SubscriptionData subscription)
    {
        MatchesAll = subscription.SubString == SubscriptionData.SubAll || subscription.TagsSet.Count == 0;
        // Codes are recomputed from the tags rather than trusted: C++ clients send none.
        foreach (var tag in subscription.TagsSet)
        {
            _tags.Add(tag);
            _codes.Add(Protocol.Json.JavaString.HashCode(tag));
        }
    }

    public override bool MatchesAll { get; }

    public override bool Matches(ReadOnlySpan<byte> record) => MatchesAll || MatchesTag(StoredRecords.GetTags(record));

    /// <param name="tag">The message's TAGS property, UTF-8; empty when the message has none.</param>
    public bool MatchesTag(ReadOnlySpan<byte> tag)
    {
        if (MatchesAll)
        {
            return true;
        }
        if (tag.IsEmpty)
        {
            return false;
        }
        Span<char> chars = stackalloc char[256];
        scoped ReadOnlySpan<char> text;
        if (tag.Length <= chars.Length && Encoding.UTF8.TryGetChars(tag, chars, out var written))
        {
            text = chars[..written];
        }
        else
        {
            text = Encoding.UTF8.GetString(tag);
        }
        if (!_codes.Contains(Protocol.Json.JavaString.HashCode(text)))
        {
            return false;
        }
        return _tags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text);
    }
}
