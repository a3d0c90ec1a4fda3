using System.Text;
using EventBroker.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

/// <summary>Helpers for the SQLite-only tests: opening stores, making events, looking inside the file.</summary>
internal static class SqliteTestStore
{
    public static Task<SqliteStreamStore> OpenAsync(string path) => SqliteStreamStore.OpenAsync(new SqliteStreamStoreOptions { Path = path });

    public static EventToAppend Event(string text) => new(Guid.NewGuid(), Encoding.UTF8.GetBytes(text), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static EventToAppend[] Events(int count, int size = 16)
        => Enumerable.Range(0, count).Select(_ => new EventToAppend(Guid.NewGuid(), new byte[size], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ToArray();

    /// <summary>Runs one statement on the file through a connection of its own (the store's may be open alongside, under WAL).</summary>
    public static object? Query(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static long Count(string path, string sql) => Convert.ToInt64(Query(path, sql));
}
