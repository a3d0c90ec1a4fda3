using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class Crc32Tests
{
    [Fact]
    public void Compute_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void Compute_of_nothing_is_zero() => Assert.Equal(0u, Crc32.Compute([]));

    [Fact]
    public void Compute_matches_a_bitwise_reference_for_many_lengths()
    {
        var random = new Random(42);
        foreach (var length in Enumerable.Range(0, 40).Append(4096).Append(4099))
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Bitwise(data), Crc32.Compute(data));
        }
    }

    [Fact]
    public void Append_continues_a_crc()
    {
        var data = new byte[100];
        new Random(7).NextBytes(data);
        Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, 37)), data.AsSpan(37)));
    }

    [Fact]
    public void BodyCrc_masks_the_sign_bit_like_UtilAll_crc32()
    {
        // CRC32("a") = 0xE8B7BE43: Java stores 0x68B7BE43.
        Assert.Equal(0xE8B7BE43u, Crc32.Compute("a"u8));
        Assert.Equal(0x68B7BE43, MessageRecord.BodyCrc("a"u8));
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
