using EventBroker.Storage.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

public sealed class StoreConnectionStringTests
{
    [Theory]
    [InlineData("sqlite:./data/eventbroker.db", "./data/eventbroker.db")]
    [InlineData("sqlite://./data/eventbroker.db", "./data/eventbroker.db")]
    [InlineData("sqlite:/var/lib/eventbroker/eventbroker.db", "/var/lib/eventbroker/eventbroker.db")]
    [InlineData("sqlite:///var/lib/eventbroker/eventbroker.db", "/var/lib/eventbroker/eventbroker.db")]
    [InlineData("SQLite:data.db", "data.db")]
    [InlineData("  sqlite:data.db  ", "data.db")]
    public void Parse_accepts_both_forms(string connectionString, string path)
        => Assert.Equal(path, StoreConnectionString.Parse(connectionString));

    [Theory]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("sqlite://")]
    [InlineData("./data/eventbroker.db")]
    [InlineData("esdb://localhost:2113?tls=false")]
    [InlineData("file:./data/eventbroker.db")]
    public void Parse_rejects_anything_else_naming_the_accepted_forms(string connectionString)
    {
        var ex = Assert.Throws<ArgumentException>(() => StoreConnectionString.Parse(connectionString));

        Assert.Contains("sqlite:<path>", ex.Message);
        Assert.Contains("sqlite://<path>", ex.Message);
        Assert.False(StoreConnectionString.TryParse(connectionString, out _));
    }
}
