using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess.Persistence;

/// <summary>
/// One JSON state file written the way RocketMQ's ConfigManager does it: the new content goes to a temporary file
/// that is flushed to disk and renamed over the main file, and the previous main file is kept as <c>.bak</c>.
/// A crash therefore leaves either the old or the new file, and a main file damaged some other way is recovered
/// from the backup.
/// </summary>
internal sealed class StateFile
{
    private readonly string _contents;

    public StateFile(string directory, string fileName, string contents)
    {
        Path = System.IO.Path.Combine(directory, fileName);
        _contents = contents;
    }

    public string Path { get; }
    public string BackupPath => Path + ".bak";
    private string TempPath => Path + ".tmp";
    private string CorruptPath => Path + ".corrupt";

    /// <summary>
    /// Parses the main file, or its backup when the main file is missing or unusable; default when neither exists.
    /// <paramref name="parse"/> throws <see cref="JsonException"/> or <see cref="InvalidDataException"/> on bad content.
    /// </summary>
    public T? Load<T>(Func<byte[], T> parse, ILogger logger) where T : class
    {
        var main = TryLoad(Path, parse);
        if (main.Value is not null)
            return main.Value;
        var backup = TryLoad(BackupPath, parse);
        if (main.Missing && backup.Missing)
            return null;
        if (backup.Value is null)
            throw Unrecoverable(main, backup);

        InProcessRoutingLog.RestoredFromBackup(logger, Path, main.Problem, BackupPath);
        RestoreFromBackup(main.Missing, logger);
        return backup.Value;
    }

    /// <summary>Replaces the file atomically, keeping the previous version as the backup.</summary>
    public void Write(byte[] content)
    {
        WriteTemp(content);
        if (File.Exists(Path))
            File.Copy(Path, BackupPath, overwrite: true);
        File.Move(TempPath, Path, overwrite: true);
    }

    private void RestoreFromBackup(bool mainMissing, ILogger logger)
    {
        // Put a good main file back now; otherwise the next write would copy the damaged one over the good backup.
        if (!mainMissing)
        {
            File.Move(Path, CorruptPath, overwrite: true);
            InProcessRoutingLog.KeptCorruptFile(logger, CorruptPath);
        }
        WriteTemp(File.ReadAllBytes(BackupPath));
        File.Move(TempPath, Path, overwrite: true);
    }

    private void WriteTemp(byte[] content)
    {
        using var stream = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    private static Attempt<T> TryLoad<T>(string path, Func<byte[], T> parse) where T : class
    {
        if (!File.Exists(path))
            return new Attempt<T>(null, Missing: true, "missing");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
            return new Attempt<T>(null, Missing: false, "empty");
        try
        {
            return new Attempt<T>(parse(bytes), Missing: false, "");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return new Attempt<T>(null, Missing: false, ex.Message);
        }
    }

    private InvalidDataException Unrecoverable<T>(Attempt<T> main, Attempt<T> backup) where T : class
        => new($"Routing state file '{Path}' is {(main.Missing ? "missing" : "corrupt: " + main.Problem)}, and its backup " +
               $"'{BackupPath}' is {(backup.Missing ? "missing" : "corrupt too: " + backup.Problem)}. The store holds the " +
               $"{_contents} there and will not start without them. Restore the file from a backup copy, or delete " +
               $"'{Path}' and '{BackupPath}' to start with no {_contents}.");

    private sealed record Attempt<T>(T? Value, bool Missing, string Problem) where T : class;
}
