using System.Buffers;

namespace EventBroker.Routing.Tests.Redis.Support;

/// <summary>Byte sequences split into many segments, so parsers meet frames spread across buffers.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> OnePerByte(byte[] data) => Split(data, Enumerable.Range(1, Math.Max(0, data.Length - 1)).ToArray());

    /// <summary>A sequence cut before each of <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        if (data.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Prepend(0).Append(data.Length).ToArray();
        Segment? first = null, last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            if (first is null)
                first = last = new Segment(memory, 0);
            else
                last = last!.Append(memory);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
