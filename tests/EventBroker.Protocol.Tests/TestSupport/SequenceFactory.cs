using System.Buffers;

namespace EventBroker.Protocol.Tests.TestSupport;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, because a socket delivers frames split anywhere and
/// parsers must not assume one contiguous span (as aspnetcore's SegmentPerByteFactory tests do).
/// </summary>
public static class SequenceFactory
{
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data)
    {
        var cuts = new int[Math.Max(data.Length - 1, 0)];
        for (var i = 0; i < cuts.Length; i++)
        {
            cuts[i] = i + 1;
        }

        return Split(data, cuts);
    }

    /// <summary>A sequence with a segment boundary at each of the ascending <paramref name="cuts"/>.</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        if (cuts.Length == 0)
        {
            return new ReadOnlySequence<byte>(data.ToArray());
        }

        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var cut in cuts.Append(data.Length))
        {
            // Each segment gets its own array so a reader that strays past a segment's end cannot see the next one.
            var segment = new Segment(data[start..cut].ToArray());
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.Append(segment);
            }

            last = segment;
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
