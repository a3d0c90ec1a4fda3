namespace EventBroker.Gateway.Observability;

/// <summary>One series' labels, in the order the instrument reported them, with values as text.</summary>
internal sealed class TagSet(KeyValuePair<string, string>[] tags)
{
    public static readonly TagSet Empty = new([]);

    public KeyValuePair<string, string>[] Tags { get; } = tags;

    public static string Text(object? value) => value switch
    {
        string s => s,
        null => "",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// Compares a measurement's tag span with a stored <see cref="TagSet"/> without materialising it, so that a recorded
/// measurement of a known series allocates nothing (dictionary alternate lookup).
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(TagSet? x, TagSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }
        if (x is null || y is null || x.Tags.Length != y.Tags.Length)
        {
            return false;
        }
        for (var i = 0; i < x.Tags.Length; i++)
        {
            if (!string.Equals(x.Tags[i].Key, y.Tags[i].Key, StringComparison.Ordinal) || !string.Equals(x.Tags[i].Value, y.Tags[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public int GetHashCode(TagSet obj)
    {
        var hash = new HashCode();
        foreach (var (key, value) in obj.Tags)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other)
    {
        if (alternate.Length != other.Tags.Length)
        {
            return false;
        }
        for (var i = 0; i < alternate.Length; i++)
        {
            if (!string.Equals(alternate[i].Key, other.Tags[i].Key, StringComparison.Ordinal) || !string.Equals(TagSet.Text(alternate[i].Value), other.Tags[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate)
    {
        var hash = new HashCode();
        foreach (var (key, value) in alternate)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(TagSet.Text(value), StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate)
    {
        var tags = new KeyValuePair<string, string>[alternate.Length];
        for (var i = 0; i < alternate.Length; i++)
        {
            tags[i] = new(alternate[i].Key, TagSet.Text(alternate[i].Value));
        }
        return new TagSet(tags);
    }
}
