using System.Net;
using EventBroker.Protocol.Messages;

namespace EventBroker.Protocol.Tests.Messages;

public sealed class UniqueKeyTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset March5 = new(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private static UniqueKeyGenerator Generator(FixedTime time) =>
        new(IPAddress.Parse("10.0.0.9").GetAddressBytes(), 0x1234, 0x0A0B0C0D, time, TimeZoneInfo.Utc);

    [Fact]
    public void Create_lays_out_ip_pid_hash_month_millis_and_counter()
    {
        var generator = Generator(new FixedTime(March5));
        // 4 days 10 hours after 2024-03-01T00:00Z = 381600000 ms = 0x16BEC100.
        Assert.Equal("0A000009" + "1234" + "0A0B0C0D" + "16BEC100" + "0000", generator.Create());
        Assert.Equal("0A000009" + "1234" + "0A0B0C0D" + "16BEC100" + "0001", generator.Create());
    }

    [Fact]
    public void Create_counts_from_the_new_month_after_a_month_change()
    {
        var time = new FixedTime(March5);
        var generator = Generator(time);
        generator.Create();
        time.Now = new DateTimeOffset(2024, 4, 1, 0, 0, 1, TimeSpan.Zero);
        Assert.Equal("000003E8", generator.Create().Substring(20, 8));
    }

    [Fact]
    public void Create_with_an_ipv6_client_gives_56_chars()
    {
        var generator = new UniqueKeyGenerator(IPAddress.Parse("2001:db8::9").GetAddressBytes(), 1, 2, new FixedTime(March5), TimeZoneInfo.Utc);
        var key = generator.Create();
        Assert.Equal(56, key.Length);
        Assert.StartsWith("20010DB8000000000000000000000009", key, StringComparison.Ordinal);
        Assert.True(UniqueKey.TryDecodeTimestamp(key, March5.AddHours(1), TimeZoneInfo.Utc, out var timestamp));
        Assert.Equal(March5, timestamp);
    }

    [Fact]
    public void Shared_generator_creates_distinct_java_style_keys()
    {
        var first = UniqueKey.Create();
        var second = UniqueKey.Create();
        Assert.NotEqual(first, second);
        Assert.Contains(first.Length, new[] { 32, 56 });
        Assert.All(first, c => Assert.True(char.IsAsciiHexDigitUpper(c) || char.IsAsciiDigit(c)));
        Assert.True(UniqueKey.TryDecodeTimestamp(first, DateTimeOffset.Now.AddSeconds(1), TimeZoneInfo.Local, out var created));
        Assert.InRange(created, DateTimeOffset.Now.AddMinutes(-1), DateTimeOffset.Now.AddSeconds(1));
    }

    [Fact]
    public void TryDecodeTimestamp_reads_this_month_or_the_previous_one_like_java()
    {
        var key = Generator(new FixedTime(March5)).Create();
        Assert.True(UniqueKey.TryDecodeTimestamp(key, March5.AddHours(2), TimeZoneInfo.Utc, out var sameMonth));
        Assert.Equal(March5, sameMonth);
        // Read before that instant of this month: Java takes it as last month's.
        Assert.True(UniqueKey.TryDecodeTimestamp(key, March5.AddHours(-1), TimeZoneInfo.Utc, out var lastMonth));
        Assert.Equal(new DateTimeOffset(2024, 2, 5, 10, 0, 0, TimeSpan.Zero), lastMonth);
        Assert.False(UniqueKey.TryDecodeTimestamp("XYZ", March5, TimeZoneInfo.Utc, out _));
        Assert.False(UniqueKey.TryDecodeTimestamp(new string('G', 32), March5, TimeZoneInfo.Utc, out _));
    }

    [Fact]
    public void ToEventId_keeps_the_16_bytes_of_a_32_char_key_in_order()
    {
        const string key = "0A0000091234ABCDEF0011223344FF01";
        var id = UniqueKey.ToEventId(key);
        Assert.Equal(key, id.ToString("N").ToUpperInvariant());
        Assert.Equal(key, UniqueKey.FromEventId(id));
        Assert.Equal(id, UniqueKey.ToEventId(key.ToLowerInvariant()));
    }

    [Fact]
    public void ToEventId_maps_other_keys_to_deterministic_version_5_uuids()
    {
        var v6Key = new string('A', 56);
        var id = UniqueKey.ToEventId(v6Key);
        Assert.Equal(id, UniqueKey.ToEventId(v6Key));
        Assert.NotEqual(id, UniqueKey.ToEventId(new string('B', 56)));
        Assert.NotEqual(id, UniqueKey.ToEventId(""));
        var text = id.ToString("N");
        Assert.Equal('5', text[12]);
        Assert.Contains(text[16], "89ab");
        // 32 chars that are not hex are a name too.
        Assert.Equal('5', UniqueKey.ToEventId(new string('z', 32)).ToString("N")[12]);
    }

    [Fact]
    public void Generator_rejects_bad_ip_lengths() =>
        Assert.Throws<ArgumentException>(() => new UniqueKeyGenerator(new byte[5], 1, 1));
}
