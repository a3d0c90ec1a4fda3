namespace EventBroker.Client.Tests.Unit;

/// <summary>
/// Allocations checked against the Java client's algorithms (AllocateMessageQueueAveragely, AveragelyByCircle,
/// ConsistentHash with ConsistentHashRouter's MD5 ring), run over the same inputs: 8 queues on broker-a/broker-b
/// and the members 192.168.0.{1,2,3}. The consistent-hash vectors come from running that Java algorithm; the two
/// others can be followed by hand from it.
/// </summary>
public sealed class AllocationStrategyTests
{
    private static readonly string[] Members = ["192.168.0.1@1", "192.168.0.2@2", "192.168.0.3@3"];

    private static readonly MessageQueue[] Queues =
    [
        .. Enumerable.Range(0, 4).Select(i => new MessageQueue("TopicTest", "broker-a", i)),
        .. Enumerable.Range(0, 4).Select(i => new MessageQueue("TopicTest", "broker-b", i)),
    ];

    [Theory]
    [InlineData("192.168.0.1@1", "broker-a/0 broker-a/1 broker-a/2")]
    [InlineData("192.168.0.2@2", "broker-a/3 broker-b/0 broker-b/1")]
    [InlineData("192.168.0.3@3", "broker-b/2 broker-b/3")]
    public void Averagely_gives_contiguous_blocks_extra_queue_to_the_first(string member, string expected) =>
        Assert.Equal(expected, Ids(new AllocateMessageQueueAveragely().Allocate("g", member, Queues, Members)));

    [Theory]
    [InlineData("192.168.0.1@1", "broker-a/0 broker-a/3 broker-b/2")]
    [InlineData("192.168.0.2@2", "broker-a/1 broker-b/0 broker-b/3")]
    [InlineData("192.168.0.3@3", "broker-a/2 broker-b/1")]
    public void AveragelyByCircle_deals_queues_round_robin(string member, string expected) =>
        Assert.Equal(expected, Ids(new AllocateMessageQueueAveragelyByCircle().Allocate("g", member, Queues, Members)));

    [Theory]
    [InlineData(10, "192.168.0.1@1", "broker-a/0 broker-a/2 broker-b/0 broker-b/1")]
    [InlineData(10, "192.168.0.2@2", "")]
    [InlineData(10, "192.168.0.3@3", "broker-a/1 broker-a/3 broker-b/2 broker-b/3")]
    [InlineData(3, "192.168.0.1@1", "broker-a/0 broker-a/1 broker-a/2 broker-b/0 broker-b/1 broker-b/3")]
    [InlineData(3, "192.168.0.2@2", "")]
    [InlineData(3, "192.168.0.3@3", "broker-a/3 broker-b/2")]
    public void ConsistentHash_matches_the_java_ring(int virtualNodes, string member, string expected) =>
        Assert.Equal(expected, Ids(new AllocateMessageQueueConsistentHash(virtualNodes).Allocate("g", member, Queues, Members)));

    [Fact]
    public void ConsistentHash_moves_only_the_queues_of_the_member_that_left()
    {
        string[] two = ["192.168.0.1@1", "192.168.0.2@2"];
        var strategy = new AllocateMessageQueueConsistentHash();
        Assert.Equal("broker-a/0 broker-a/2 broker-b/0 broker-b/1", Ids(strategy.Allocate("g", two[0], Queues, two)));
        // Member 3's queues went to member 2; member 1 kept exactly what it had with three members.
        Assert.Equal("broker-a/1 broker-a/3 broker-b/2 broker-b/3", Ids(strategy.Allocate("g", two[1], Queues, two)));
    }

    [Fact]
    public void Averagely_with_more_members_than_queues_leaves_the_last_members_idle()
    {
        var five = Queues[..5];
        var seven = Enumerable.Range(0, 7).Select(i => $"10.0.0.{i}@x").ToArray();
        var strategy = new AllocateMessageQueueAveragely();
        var result = seven.Select(m => Ids(strategy.Allocate("g", m, five, seven))).ToArray();
        Assert.Equal(["broker-a/0", "broker-a/1", "broker-a/2", "broker-a/3", "broker-b/0", "", ""], result);
    }

    [Fact]
    public void Every_strategy_partitions_the_queues_and_ignores_strangers()
    {
        IAllocateMessageQueueStrategy[] strategies =
            [new AllocateMessageQueueAveragely(), new AllocateMessageQueueAveragelyByCircle(), new AllocateMessageQueueConsistentHash()];
        foreach (var strategy in strategies)
        {
            var all = Members.SelectMany(m => strategy.Allocate("g", m, Queues, Members)).ToList();
            Assert.Equal(Queues.Length, all.Count);
            Assert.Equal(Queues.Length, all.Distinct().Count());
            Assert.Empty(strategy.Allocate("g", "10.9.9.9@stranger", Queues, Members));
        }
    }

    [Fact]
    public void Queues_sort_like_java_message_queues()
    {
        var shuffled = new[] { Queues[5], Queues[0], Queues[7], Queues[2] }.ToList();
        shuffled.Sort();
        Assert.Equal([Queues[0], Queues[2], Queues[5], Queues[7]], shuffled);
        Assert.Equal("MessageQueue [topic=TopicTest, brokerName=broker-a, queueId=0]", Queues[0].ToString());
    }

    private static string Ids(IEnumerable<MessageQueue> queues) => string.Join(" ", queues.Select(q => $"{q.BrokerName}/{q.QueueId}"));
}
